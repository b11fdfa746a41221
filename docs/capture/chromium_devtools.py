"""Captures what Chromium's DevTools shows for one refused cross-origin fetch(): the console
message, the Issues panel entry, and the preflight's entry in the Network panel (status,
response headers, body), over the Chrome DevTools Protocol.

    python3 docs/capture/chromium_devtools.py PAGE_URL 'fetch(...)'

Needs python3 with `websockets` (pip install websockets) and Debian's chromium. Used for the
captures in docs/cors-errors.md; not part of the test suite.
"""
import asyncio, json, os, shutil, subprocess, sys, tempfile, time, urllib.request

import websockets

PAGE, SCRIPT = sys.argv[1], sys.argv[2]
PORT = 9444


async def main():
    targets = []
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json"))
            if any(t["type"] == "page" for t in targets):
                break
        except OSError:
            pass
        await asyncio.sleep(0.1)
    url = next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]
    async with websockets.connect(url, max_size=None) as ws:
        n = 0
        events = []

        async def call(method, **params):
            nonlocal n
            n += 1
            await ws.send(json.dumps({"id": n, "method": method, "params": params}))
            while True:
                m = json.loads(await ws.recv())
                if m.get("id") == n:
                    return m.get("result", m.get("error"))
                events.append(m)

        for domain in ["Network", "Log", "Runtime", "Audits", "Page"]:
            await call(f"{domain}.enable")
        await call("Page.navigate", url=PAGE)
        await asyncio.sleep(1)
        result = await call("Runtime.evaluate", expression=f"({SCRIPT}).then(r => 'resolved ' + r.status, e => String(e))", awaitPromise=True)
        print("fetch():", result["result"]["value"])
        end = time.time() + 1
        while time.time() < end:
            try:
                events.append(json.loads(await asyncio.wait_for(ws.recv(), 0.2)))
            except asyncio.TimeoutError:
                pass
        # The preflight: sent as an OPTIONS request, answered as a response of type Preflight.
        for e in events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Network.requestWillBeSent" and p["request"]["method"] == "OPTIONS":
                print("Network:", p["request"]["method"], p["request"]["url"])
                for k, v in sorted(p["request"]["headers"].items()):
                    print(f"  request  {k}: {v}")
            elif m == "Network.responseReceived" and p.get("type") == "Preflight":
                r = p["response"]
                print(f"  response {r['status']} {r.get('statusText', '')} (type Preflight)")
                for k, v in sorted(r["headers"].items()):
                    print(f"  response {k}: {v}")
                body = await call("Network.getResponseBody", requestId=p["requestId"])
                print("  Network.getResponseBody:", json.dumps(body))
            elif m == "Network.loadingFailed" and p.get("corsErrorStatus"):
                print("Network: fetch failed:", p["errorText"], json.dumps(p["corsErrorStatus"]))
            elif m == "Log.entryAdded" and "CORS" in p["entry"]["text"]:
                print("Console:", p["entry"]["level"], p["entry"]["text"])
            elif m == "Audits.issueAdded" and p["issue"]["code"] == "CorsIssue":
                details = p["issue"]["details"]["corsIssueDetails"]
                print("Issues: CorsIssue", json.dumps(details.get("corsErrorStatus")))


profile = tempfile.mkdtemp()
chromium = subprocess.Popen(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     f"--user-data-dir={profile}", f"--remote-debugging-port={PORT}", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
try:
    asyncio.run(asyncio.wait_for(main(), 30))
finally:
    os.killpg(chromium.pid, 9)
    chromium.wait(5)
    shutil.rmtree(profile, ignore_errors=True)
