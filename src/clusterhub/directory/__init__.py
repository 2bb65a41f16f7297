"""The public face of the clusters: a page per cluster, the directory with its map, an embeddable widget."""
