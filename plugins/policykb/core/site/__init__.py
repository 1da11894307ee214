"""What an engine needs for one build: page sources and hooks (sitesource), assets, shards of a parallel build."""
