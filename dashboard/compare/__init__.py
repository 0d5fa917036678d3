"""Old vs new boundaries: styled layers, side-by-side HTML, overlay map, texts."""
