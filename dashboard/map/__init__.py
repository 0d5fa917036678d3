"""The map page: map payload and component, side panels, trend chart, export panel."""
