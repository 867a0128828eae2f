"""`make run`'s first and last word: says Spotter is starting, waits until /api/health says a worker process
can take work, then says where Spotter is (SPOTTER_URL)."""

import json
import os
import time
import urllib.request

url = os.environ.get("SPOTTER_URL", "http://127.0.0.1:8000")
print("\n  Spotter is starting: a worker process is loading the detector ...\n", flush=True)
while True:
    try:
        with urllib.request.urlopen(f"{url}/api/health", timeout=5) as response:
            if json.load(response)["processes_ready"]:
                break
    except (OSError, ValueError, KeyError):  # not up yet, or 503 while no process can take work
        pass
    time.sleep(0.5)
print(f"\n  Spotter is ready at {url}   (Ctrl-C stops it)\n", flush=True)
