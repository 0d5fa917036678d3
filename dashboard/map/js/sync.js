// Synchronised maps (spec.sync): maps of one page that show the same place side by side keep
// the same centre and zoom; whichever the user moves, the others follow at once. Written
// against the part of a Leaflet map it uses, so node --test drives it with plain objects
// (tests/js/component.test.mjs):
//
//   map.on(types, fn) / map.off(types, fn)   Leaflet's event methods ("move zoom")
//   map.getCenter(), map.getZoom()           the view to copy
//   map.setView(center, zoom, options)       fires "move"/"zoom" synchronously, as Leaflet
//   map.vn.userMoved, map.vn.fitting         the component's flags: has the user moved this
//                                            map; is the component itself moving it
//
// Loaded before map_component.js in the browser's one module; it imports nothing.

/** A page's sync groups, by name. */
export function syncGroups() {
  const groups = new Map(); // name → {maps: Set, busy}
  const joined = new Map(); // map → {name, follow}

  /** Moves the other maps of `map`'s group to its view. The group's busy flag stops the
   * echo: a follower's own move event would otherwise move the leader back. */
  function lead(map) {
    const group = groups.get(joined.get(map).name);
    if (group.busy) return;
    group.busy = true;
    try {
      group.maps.forEach((other) => {
        if (other === map) return;
        other.vn.userMoved = map.vn.userMoved;
        other.vn.fitting = true; // not a move of the user's on that map
        other.setView(map.getCenter(), map.getZoom(), { animate: false });
        other.vn.fitting = false;
      });
    } finally {
      group.busy = false;
    }
  }

  /** `map` leaves its group (if any); a group with no map left is forgotten. */
  function leave(map) {
    const entry = joined.get(map);
    if (!entry) return;
    map.off("move zoom", entry.follow);
    joined.delete(map);
    const group = groups.get(entry.name);
    group.maps.delete(map);
    if (!group.maps.size) groups.delete(entry.name);
  }

  /** `map` joins group `name` (leaving its former one); a null or empty name: no group. A
   * map that joins is not moved: the next move of any member moves the others. */
  function join(map, name) {
    if (nameOf(map) === (name || null)) return;
    leave(map);
    if (!name) return;
    if (!groups.has(name)) groups.set(name, { maps: new Set(), busy: false });
    groups.get(name).maps.add(map);
    const follow = () => lead(map);
    joined.set(map, { name, follow });
    map.on("move zoom", follow);
  }

  /** The name of `map`'s group, or null. */
  function nameOf(map) {
    const entry = joined.get(map);
    return entry ? entry.name : null;
  }

  /** The maps of group `name` (a copy). */
  function members(name) {
    const group = groups.get(name);
    return group ? [...group.maps] : [];
  }

  // The last view the user moved each group's maps to, per view key (spec.view): a map
  // made anew for the same view (the compare page's side-by-side and overlay maps, when the
  // mode changes) opens where the user left the place, not fitted again. Outlives groups.
  const views = new Map(); // "name|view" → {center, zoom}

  /** Keep the view of `map` (moved by the user) for its group and `view`. */
  function remember(map, view) {
    const name = nameOf(map);
    if (!name || !view || !map.vn.userMoved) return;
    views.set(name + "|" + view, { center: map.getCenter(), zoom: map.getZoom() });
  }

  /** The view the user left group `name` at for `view`, or null. */
  function recall(name, view) {
    return (name && views.get(name + "|" + view)) || null;
  }

  return { join, leave, nameOf, members, remember, recall };
}
