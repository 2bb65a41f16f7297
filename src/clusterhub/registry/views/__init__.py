"""Pages of the registry: clusters, memberships and dashboards (clusters.py), organisations,
people and programmes (directory.py), importing and exporting members (io.py) and clusters
(cluster_io.py); what they share is in base.py."""
