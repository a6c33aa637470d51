# A TCP proxy that holds each read DELAY seconds in each direction, to stand for a distant
# object store in front of a local one (moto): python3 latency_proxy.py LISTEN_PORT TARGET_PORT DELAY
import asyncio, sys
LISTEN, TARGET, DELAY = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
async def pipe(r, w):
    try:
        while data := await r.read(1 << 16):
            await asyncio.sleep(DELAY)
            w.write(data); await w.drain()
    finally:
        w.close()
async def handle(cr, cw):
    sr, sw = await asyncio.open_connection("127.0.0.1", TARGET)
    await asyncio.gather(pipe(cr, sw), pipe(sr, cw), return_exceptions=True)
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", LISTEN)
    async with server: await server.serve_forever()
asyncio.run(main())
