"""HTTP for the whole site: freshness, the render cache, the fast path, headers, bounds."""
