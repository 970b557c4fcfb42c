// Free loopback ports, chosen by the kernel (bind to port 0) and checked against the ones already handed
// out in this run, so two services never get the same number.
import dgram from 'node:dgram';
import net from 'node:net';

const handedOut = new Set<number>();

export async function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const socket = dgram.createSocket('udp4');
      socket.unref();
      socket.once('error', reject);
      socket.bind(0, host, () => {
        const { port: bound } = socket.address();
        socket.close(() => resolve(bound));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
