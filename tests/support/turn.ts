import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TURNSERVER_PATH = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

/** In CI a missing coturn fails the run (.ci/run installs it); elsewhere the relay tests skip. */
export function turnAvailable(): boolean {
  if (existsSync(TURNSERVER_PATH)) return true;
  if (process.env.CI)
    throw new Error(`coturn not found at ${TURNSERVER_PATH}: apt-get install coturn`);
  console.warn(
    `\nSKIPPING relay tests: no turnserver at ${TURNSERVER_PATH} (apt-get install coturn)\n`,
  );
  return false;
}

export interface LocalTurn {
  port: number;
  secret: string;
  url: string;
  /** Stops the server (the relay goes away, as on a dropped network). */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A local coturn on a random port, with TURN REST authentication (use-auth-secret), started for
 * one test file and waited on until it answers a STUN binding request.
 */
export async function startTurn(): Promise<LocalTurn> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-turn-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const relayMin = 41000 + Math.floor(Math.random() * 200) * 100;
  const secret = randomBytes(16).toString('hex');
  let child: ChildProcess | null = null;

  const start = async () => {
    const proc = spawn(
      TURNSERVER_PATH,
      [
        '-n',
        `--listening-ip=127.0.0.1`,
        `--listening-port=${port}`,
        '--relay-ip=127.0.0.1',
        `--min-port=${relayMin}`,
        `--max-port=${relayMin + 99}`,
        '--use-auth-secret',
        `--static-auth-secret=${secret}`,
        '--realm=rapport.test',
        '--no-tls',
        '--no-dtls',
        '--no-cli',
        '--no-tcp-relay',
        // Loopback only exists because both browsers run on this machine.
        '--allow-loopback-peers',
        `--pidfile=${join(dir, 'turnserver.pid')}`,
        `--userdb=${join(dir, 'turndb')}`,
        '--log-file=stdout',
        '--simple-log',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout.resume();
    proc.stderr.resume();
    child = proc;
    await waitForStun(port, proc);
  };

  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => {
        resolve();
      });
      proc.kill('SIGKILL');
    });
  };

  await start();
  return {
    port,
    secret,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends STUN binding requests until one is answered (the server is listening). */
async function waitForStun(port: number, proc: ChildProcess): Promise<void> {
  const socket = createSocket('udp4');
  try {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`turnserver exited with ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error(`turnserver did not answer on port ${port}`);
      const request = Buffer.alloc(20);
      request.writeUInt16BE(0x0001, 0); // Binding request
      request.writeUInt16BE(0, 2);
      request.writeUInt32BE(0x2112a442, 4); // magic cookie
      randomBytes(12).copy(request, 8);
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          socket.off('message', onMessage);
          resolve(false);
        }, 200);
        const onMessage = (msg: Buffer) => {
          if (
            msg.length >= 20 &&
            msg.readUInt16BE(0) === 0x0101 &&
            msg.subarray(8, 20).equals(request.subarray(8, 20))
          ) {
            clearTimeout(timer);
            socket.off('message', onMessage);
            resolve(true);
          }
        };
        socket.on('message', onMessage);
        socket.send(request, port, '127.0.0.1');
      });
      if (answered) return;
    }
  } finally {
    socket.close();
  }
}
