"""The environment variables Ray reads when it is imported, set before `ray_actors` imports it.

Ray decides at import time (not in `ray.init`) which address a node it starts binds to, so this
module must not import Ray itself: `open_engine` calls `prepare_ray_environment` first.
"""

from __future__ import annotations

import os

NO_USAGE_STATS = {"RAY_USAGE_STATS_ENABLED": "0"}
"""Ray reports usage statistics to its vendor unless this is 0; a scraper's runs are nobody else's business."""

SINGLE_NODE = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
"""A private Ray instance stays on 127.0.0.1: a laptop's run is not a service on its network.

Ray's documented switch (Ray Clusters overview: multi-node clusters are supported on Linux only,
and this variable set to 1 enables them on Windows and OSX). At 0, Ray treats the machine as it
treats a laptop: a single node whose processes all bind to loopback. Without it, measured with Ray
2.60 here, every process of `ray.init(address="local")` listened on the machine's public address,
and ray.init's only argument for that address (`_node_ip_address`) is private and turned 127.0.0.1
back into that public address. Only for a private instance: a node of a real cluster must be
reachable by the others (`ray start --node-ip-address` chooses its address there).
"""


def prepare_ray_environment(address: str) -> None:
    """Set Ray's variables for joining `address` ("" : a private instance), unless the user set them.

    Has its effect only when Ray is not imported yet, as in `scraper run` and `scraper reextract`.
    """
    variables = NO_USAGE_STATS if address else {**NO_USAGE_STATS, **SINGLE_NODE}
    for name, value in variables.items():
        os.environ.setdefault(name, value)
