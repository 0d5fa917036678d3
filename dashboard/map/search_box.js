// The map page's search box: suggestions while the user types, filtered here in the browser.
//
// A Streamlit components-v2 module (dashboard/map/search_box.py). Its data is UTF-8 JSON bytes
// (search_box.candidate_payload): {"id", "lang", "typeFirst", "types", "prefixes", "limit",
// "texts", "provinces": [[code, type, name, keys?]], "communes": [[code, type, name,
// province, keys?]]}, the same list for every rerun of one version and language; a list
// already read is not parsed again. Folding and ranking follow loaders/search.py:
//
//   * fold: NFD, combining marks dropped, đ → d, lower case, anything else than a-z and
//     digits a space ("Phường Tân Định" → "phuong tan dinh"); old-style tone placement
//     (Hoà, Thuỷ) is made new-style first, as the server does;
//   * one administrative prefix is dropped from the query ("xa", "tp", "phuong"…), and the
//     query is tried with and without it ("tp hcm" finds Hồ Chí Minh by its alias "hcm");
//   * exact name (100) > name prefix (90, shorter names first) > every word of the query
//     begins a word of the name or its province (80) > the name contains the query (60);
//     +5 when typed with the name's own diacritics (+2 for the start of it); provinces
//     before communes, then by name and province.
//
// Unlike the server, a short last word counts as a prefix ("quang h"): the user is still
// typing it. Former names and typos are left to the server: Enter with no suggestion picked
// (or the last row) sends the query as the "query" trigger; the server shows its results
// as buttons (container key payload.results), and a click on one empties the box. A picked
// unit goes back as the "chosen" trigger (its code, a string).

const MARKS = /[\u0300-\u036f]/g;
// Old-style tone on oa/oe/uy at the end of a syllable (Hoà → Hòa); as loaders/search.py.
const OLD_TONE = /([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])(?!\p{L})/giu;

/** NFC, lower case, new-style tone placement: "HOÀ" and "Hòa" give "hòa". */
export function canonical(text) {
  const decomposed = String(text).normalize("NFD").replace(OLD_TONE, "$1$3$2");
  return decomposed.normalize("NFC").toLowerCase();
}

/** Accent-free, lower case, punctuation as spaces: "P. Tân Định" → "p tan dinh". */
export function fold(text) {
  return canonical(text)
    .normalize("NFD")
    .replace(MARKS, "")
    .replace(/đ/g, "d")
    .replace(/[^0-9a-z]+/g, " ")
    .trim();
}

/** Drops one leading administrative prefix ("xa ba che" → "ba che"); as loaders/search.py. */
export function stripPrefix(folded, prefixes) {
  for (const prefix of prefixes) {
    if (folded.startsWith(prefix + " ") && folded.length > prefix.length + 1) {
      return folded.slice(prefix.length + 1);
    }
  }
  return folded;
}

function accentWords(text) {
  return canonical(text).replace(/[^\p{L}\p{N}_]+/gu, " ").trim().split(" ").filter(Boolean);
}

/** The query's accented key without prefix: tells "hòa an" from "hóa an". */
export function accentKey(text, prefixes) {
  const words = accentWords(text);
  const folded = fold(words.join(" "));
  const stripped = stripPrefix(folded, prefixes);
  const drop = folded.split(" ").length - stripped.split(" ").length;
  return words.slice(drop).join(" ");
}

/** The payload's units as search entries (label in the payload's language). */
export function entries(payload) {
  const label = (type, name) =>
    payload.typeFirst ? payload.types[type] + " " + name : name + " " + payload.types[type];
  const out = [];
  const provinceNames = [];
  payload.provinces.forEach(([code, type, name, keys]) => {
    provinceNames.push(name);
    out.push({
      code, level: "province", rank: 0, name, label: label(type, name), sub: "",
      keys: keys || [fold(name)], accent: accentWords(name).join(" "), context: "",
    });
  });
  payload.communes.forEach(([code, type, name, province, keys]) => {
    out.push({
      code, level: "commune", rank: 1, name, label: label(type, name),
      sub: provinceNames[province],
      keys: keys || [fold(name)], accent: accentWords(name).join(" "),
      context: fold(provinceNames[province]),
    });
  });
  out.forEach((e) => (e.words = (e.keys.join(" ") + " " + e.context).trim().split(" ")));
  return out;
}

function allWords(query, words) {
  return query.split(" ").every((q) => words.some((w) => w.startsWith(q)));
}

function score(entry, variants, accent, accented) {
  let best = 0;
  for (const q of variants) {
    for (const key of entry.keys) {
      if (key === q) best = Math.max(best, 100);
      else if (key.startsWith(q)) best = Math.max(best, 90 - Math.min(key.length - q.length, 20) * 0.1);
      else if (allWords(q, entry.words)) best = Math.max(best, 80);
      else if (key.includes(q)) best = Math.max(best, 60);
    }
  }
  if (best && accented) {
    if (entry.accent === accent) best += 5;
    else if (entry.accent.startsWith(accent)) best += 2;
  }
  return best;
}

const collator = new Intl.Collator("vi");

// Equal scores: provinces first, then by name and province in Vietnamese order, the same in
// both languages (the server orders them by its Vietnamese label).
function byRank(a, b) {
  return (
    b[0] - a[0] ||
    a[1].rank - b[1].rank ||
    collator.compare(a[1].name, b[1].name) ||
    collator.compare(a[1].sub, b[1].sub)
  );
}

/** The best `limit` entries for `query`, best first ([] for fewer than 2 letters). */
export function rank(list, query, prefixes, limit) {
  return scored(list, query, prefixes).slice(0, limit).map((hit) => hit[1]);
}

/** Every entry matching `query` as [score, entry], best first. */
export function scored(list, query, prefixes) {
  const folded = fold(query);
  if (folded.replace(/ /g, "").length < 2) return [];
  const variants = [...new Set([stripPrefix(folded, prefixes), folded])];
  const accent = accentKey(query, prefixes);
  // Diacritics typed: they then tell apart names that fold alike.
  const accented = accent !== fold(accent);
  const hits = [];
  for (const entry of list) {
    const s = score(entry, variants, accent, accented);
    if (s) hits.push([s, entry]);
  }
  return hits.sort(byRank);
}

/** The payload's id, read from its first bytes ({"id":"…", …}) without parsing the rest. */
function payloadId(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 40));
  const found = /^\{"id":"([0-9a-f]+)"/.exec(head);
  return found ? found[1] : null;
}

let instances = 0;

/** A text of the payload with its one placeholder ({q} the query, {n} a count) filled. */
function text(template, value) {
  return template.replace(/\{[qn]\}/g, value);
}

/** Builds the box once per element: label, input (ARIA combobox), popup with the listbox
 * and a footer (no match / hint). */
function build(root) {
  const n = ++instances;
  const ids = { input: `vn-search-input-${n}`, list: `vn-search-list-${n}`, hint: `vn-search-hint-${n}` };
  root.innerHTML =
    `<label class="vn-search-label" for="${ids.input}"></label>` +
    `<div class="vn-search-field">` +
    `<svg class="vn-search-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M15.5 14h-.79l-.28-.27A6.47 6.47 0 0 0 16 9.5 6.5 6.5 0 1 0 9.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14"/></svg>` +
    `<input id="${ids.input}" class="vn-search-input" type="text" role="combobox"` +
    ` autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search"` +
    ` aria-autocomplete="list" aria-expanded="false" aria-controls="${ids.list}"` +
    ` aria-describedby="${ids.hint}">` +
    `</div>` +
    `<div class="vn-search-popup" hidden>` +
    `<p class="vn-search-none" hidden></p>` +
    `<ul class="vn-search-list" id="${ids.list}" role="listbox"></ul>` +
    `<p class="vn-search-hint" id="${ids.hint}"></p>` +
    `</div>` +
    `<p class="vn-search-status" role="status" aria-live="polite"></p>`;
  const box = {
    root,
    label: root.querySelector(".vn-search-label"),
    input: root.querySelector("input"),
    popup: root.querySelector(".vn-search-popup"),
    list: root.querySelector("ul"),
    none: root.querySelector(".vn-search-none"),
    hint: root.querySelector(".vn-search-hint"),
    status: root.querySelector(".vn-search-status"),
    ids, payload: null, payloadId: null, entries: [], shown: [], active: -1, typing: false,
    send: () => {},
  };
  wire(box);
  return box;
}

function setTexts(box) {
  const texts = box.payload.texts;
  box.label.textContent = texts.label;
  box.input.placeholder = texts.placeholder;
  box.input.setAttribute("aria-label", texts.label);
  box.hint.textContent = texts.hint;
}

function close(box) {
  box.popup.hidden = true;
  box.input.setAttribute("aria-expanded", "false");
  box.input.removeAttribute("aria-activedescendant");
  box.active = -1;
}

/** Rows for the current query: the suggestions, then "search former names too". */
function render(box) {
  const query = box.input.value.trim();
  const texts = box.payload.texts;
  box.shown = rank(box.entries, query, box.payload.prefixes, box.payload.limit);
  box.active = -1;
  box.input.removeAttribute("aria-activedescendant");
  if (fold(query).replace(/ /g, "").length < 2) {
    close(box);
    box.status.textContent = "";
    return;
  }
  box.list.replaceChildren();
  const rows = [...box.shown, { more: true }];
  rows.forEach((entry, i) => {
    const li = document.createElement("li");
    li.id = `${box.ids.list}-${i}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.className = "vn-search-option" + (entry.more ? " vn-search-more" : "");
    if (entry.more) {
      li.textContent = text(texts.more, query);
    } else {
      li.dataset.code = entry.code;
      li.dataset.level = entry.level;
      const name = document.createElement("span");
      name.className = "vn-search-name";
      name.textContent = entry.label;
      li.append(name);
      if (entry.sub) {
        const sub = document.createElement("span");
        sub.className = "vn-search-sub";
        sub.textContent = entry.sub;
        li.append(sub);
      }
    }
    li.addEventListener("mousedown", (e) => e.preventDefault()); // keep the input's focus
    li.addEventListener("mousemove", () => setActive(box, i));
    li.addEventListener("click", () => pick(box, i));
    box.list.append(li);
  });
  box.none.hidden = box.shown.length > 0;
  box.none.textContent = text(texts.none, query);
  box.status.textContent = box.shown.length
    ? text(texts.count, String(box.shown.length))
    : text(texts.none, query);
  box.popup.hidden = false;
  box.input.setAttribute("aria-expanded", "true");
}

function setActive(box, i) {
  const options = box.list.children;
  if (box.active >= 0 && options[box.active]) {
    options[box.active].setAttribute("aria-selected", "false");
  }
  box.active = i;
  if (i < 0 || !options[i]) {
    box.input.removeAttribute("aria-activedescendant");
    return;
  }
  options[i].setAttribute("aria-selected", "true");
  box.input.setAttribute("aria-activedescendant", options[i].id);
  options[i].scrollIntoView({ block: "nearest" });
}

function pick(box, i) {
  const entry = i < box.shown.length ? box.shown[i] : null;
  const query = box.input.value.trim();
  close(box);
  box.typing = false;
  if (entry) {
    box.input.value = "";
    box.status.textContent = "";
    box.send("chosen", entry.code);
  } else if (query) {
    box.send("query", query);
  }
}

function wire(box) {
  const { input } = box;
  // A click on one of the server's results (Streamlit buttons below the box) opens a unit:
  // the query that found it is done with.
  box.onPageClick = (e) => {
    const results = box.payload && box.payload.results;
    if (results && e.target.closest && e.target.closest(`.st-key-${results} button`)) {
      input.value = "";
      box.typing = false;
    }
  };
  document.addEventListener("click", box.onPageClick);
  input.addEventListener("input", () => {
    box.typing = true;
    render(box);
  });
  input.addEventListener("focus", () => {
    if (input.value.trim()) render(box);
  });
  input.addEventListener("blur", () => close(box));
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return; // an input method is still composing a word: its keys
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (box.popup.hidden) {
        render(box);
        if (box.popup.hidden) return;
      }
      const count = box.list.children.length;
      const step = e.key === "ArrowDown" ? 1 : -1;
      const next = box.active < 0 ? (step > 0 ? 0 : count - 1) : (box.active + step + count) % count;
      setActive(box, next);
    } else if (e.key === "Enter") {
      e.preventDefault();
      pick(box, box.popup.hidden || box.active < 0 ? box.shown.length : box.active);
    } else if (e.key === "Escape") {
      if (!box.popup.hidden) {
        e.preventDefault();
        close(box);
      } else if (input.value) {
        e.preventDefault();
        input.value = "";
      }
    }
  });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".vn-search");
  const box = root.vnSearch || (root.vnSearch = build(root));
  // The trigger of the latest run (the setter is per mount, keep the newest).
  box.send = (name, value) => setTriggerValue(name, value);
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const id = payloadId(bytes);
  if (id === null || id !== box.payloadId) {
    box.payload = JSON.parse(new TextDecoder().decode(bytes));
    box.payloadId = id;
    box.entries = entries(box.payload);
    root.dataset.candidates = String(box.entries.length);
    root.dataset.lang = box.payload.lang;
    setTexts(box);
    // A list arriving while the user types (the page's first runs) shows its suggestions.
    if (box.typing && document.activeElement === box.input) render(box);
  }
  // Called by Streamlit when the element goes (another page), and at once for a call
  // overtaken by a newer rerun: the box stays while its element is on the page.
  return () => {
    if (root.isConnected || root.vnSearch !== box) return;
    document.removeEventListener("click", box.onPageClick);
    delete root.vnSearch;
  };
}
