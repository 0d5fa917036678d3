// Folding and ranking of the search box (dashboard/map/search_box.js), run by
// tests/test_search_box.py with `node --test`: SEARCH_FIXTURE names a JSON file holding the
// real candidate payload and what loaders/search.py makes of the same names and queries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const fixture = JSON.parse(readFileSync(process.env.SEARCH_FIXTURE, "utf-8"));
// The module is an ES module for the browser; loaded as it is, from its text.
const source = readFileSync(fixture.module, "utf-8");
const box = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
const payload = fixture.payload;
const entries = box.entries(payload);

test("folding drops diacritics, đ, case and punctuation", () => {
  assert.equal(box.fold("Quang Hán"), "quang han");
  assert.equal(box.fold("ĐẮK LẮK"), "dak lak");
  assert.equal(box.fold("P. Tân Định"), "p tan dinh");
  assert.equal(box.fold("Ia H'Drai"), "ia h drai");
  // NFD input and both tone placements fold alike.
  assert.equal(box.fold("Quang Ha\u0301n"), "quang han");
  assert.equal(box.canonical("HOÀ"), "hòa");
  assert.equal(box.canonical("Thuỷ"), box.canonical("Thủy"));
  assert.equal(box.canonical("Hoàn"), "hoàn"); // the mark stays on the a of "oan"
});

test("every unit folds here as on the server", () => {
  assert.equal(entries.length, fixture.keys.length);
  const wrong = entries.filter((e, i) => e.keys[0] !== fixture.keys[i]);
  assert.deepEqual(wrong.map((e) => [e.code, e.name, e.keys[0]]), []);
});

test("suggestions start at the second letter", () => {
  assert.deepEqual(box.rank(entries, "q", payload.prefixes, 8), []);
  const hits = box.rank(entries, "qu", payload.prefixes, 8);
  assert.equal(hits.length, 8);
  for (const e of hits) assert.ok(e.keys.some((k) => k.includes("qu")), e.name);
  // A word still being typed counts as its start.
  const typing = box.scored(entries, "quang h", payload.prefixes);
  assert.ok(typing.some(([s, e]) => e.code === "01456" && s > 89), "Quang Hán by its start");
});

test("the first suggestion is the server's first result", () => {
  for (const [query, code] of Object.entries(fixture.first)) {
    const hits = box.rank(entries, query, payload.prefixes, 8);
    assert.ok(hits.length > 0, query);
    assert.equal(hits[0].code, code, query);
  }
});

test("scores are the server's for queries without diacritics", () => {
  for (const [query, expected] of Object.entries(fixture.scores)) {
    const got = new Map(box.scored(entries, query, payload.prefixes).map(([s, e]) => [e.code, s]));
    for (const [code, score] of expected) {
      assert.ok(got.has(code), `${query}: ${code} missing`);
      assert.ok(Math.abs(got.get(code) - score) < 1e-6, `${query}: ${code} ${got.get(code)} ≠ ${score}`);
    }
  }
});

test("exact and prefix matches come before words and substrings; provinces first", () => {
  const scores = box.scored(entries, "cao bang", payload.prefixes);
  assert.equal(scores[0][1].code, "04");
  assert.equal(scores[0][0], 100);
  const tiers = scores.map(([s]) => s);
  assert.deepEqual(tiers, [...tiers].sort((a, b) => b - a));
  // "an" is inside "Quang Hán" but begins none of its words: a substring, ranked last.
  const inside = box.scored(entries, "ng ha", payload.prefixes);
  assert.ok(inside.every(([s, e], i) => i === 0 || s <= inside[i - 1][0]));
  assert.ok(inside.some(([s, e]) => e.code === "01456" && s === 60));
});

test("labels are in the payload's language with the province beside communes", () => {
  const quangHan = entries.find((e) => e.code === "01456");
  assert.equal(quangHan.label, fixture.quang_han_label);
  assert.equal(quangHan.sub, "Cao Bằng");
  assert.equal(entries.find((e) => e.code === "04").sub, "");
});
