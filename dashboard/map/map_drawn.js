// Starts a page's second run once the page's maps have drawn (a Streamlit components-v2
// module, mounted only in the light first run: see dashboard.core.state.begin_map_run and
// begin_compare_run).
//
// The map component (map_component.js) sets data-units on its element once every unit is on
// the map. This module waits for that on every map of the page (the compare page has two),
// lets the browser paint the frame, then sends the "drawn" trigger, which reruns the script.
// If a map never draws (an error), the trigger goes after FALLBACK_MS anyway: the rest of the
// page must not depend on the maps.

const FALLBACK_MS = 3000;

export default function ({ setTriggerValue }) {
  let sent = false;
  const drawn = () => {
    const maps = document.querySelectorAll(".vn-map");
    return maps.length > 0 && [...maps].every((map) => map.dataset.units !== undefined);
  };
  const observer = new MutationObserver(() => {
    if (drawn()) send();
  });
  const timer = setTimeout(() => send(), FALLBACK_MS);

  function send() {
    if (sent) return;
    sent = true;
    observer.disconnect();
    clearTimeout(timer);
    // Leaflet paints its canvas in the next animation frame: go right after that frame.
    requestAnimationFrame(() => setTimeout(() => setTriggerValue("drawn", true), 0));
  }

  observer.observe(document.body, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-units"],
  });
  if (drawn()) send();
  return () => {
    observer.disconnect();
    clearTimeout(timer);
  };
}
