"""Old vs new boundaries (issue 5): styled layers, side-by-side HTML, overlay map, texts."""
