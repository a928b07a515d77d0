import type {
  ClientMessage,
  IceServerInfo,
  PeerInfo,
  ServerMessage,
} from '../features/video/signalling';
import { shareContact } from './session-contact';

/**
 * The video appointment page in the browser (issue 12, ADR 0019): the device check, the waiting
 * room and a peer-to-peer WebRTC call, signalled over the authenticated WebSocket. Standard APIs
 * only (Chromium, Firefox, Safari). Media never goes to our server.
 */

interface Peer {
  info: PeerInfo;
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  /**
   * The newcomer makes the first offer; the one already in waits for it rather than offering
   * too, so joining costs one offer and one answer instead of a collision and a rollback.
   */
  waitsForOffer: boolean;
  queue: Promise<void>;
  video: HTMLVideoElement;
  figure: HTMLElement;
  note: HTMLElement;
  restartTimer: number | undefined;
}

/**
 * How often someone in the waiting room or the call tells the server they are still here. A call
 * sends nothing once connected, and the idle sign-out (15 minutes for staff, 30 for patients)
 * would otherwise end the session, close the signalling socket and drop the call part way
 * through (walk 11; ADR 0006 asked for this keep-alive).
 */
const STILL_HERE_EVERY_MS = 60_000;

const el = (id: string) => document.getElementById(id);
const videoEl = (id: string) => document.getElementById(id) as HTMLVideoElement | null;
const show = (id: string, visible: boolean) => {
  const e = el(id);
  if (e) e.hidden = !visible;
};
const say = (id: string, text: string) => {
  const e = el(id);
  if (e) e.textContent = text;
};

const root = el('video-app');
if (root) start(root);

function supported(): boolean {
  return (
    typeof RTCPeerConnection === 'function' &&
    typeof WebSocket === 'function' &&
    // Undefined outside a secure context (plain http other than localhost).
    typeof (navigator.mediaDevices as MediaDevices | undefined)?.getUserMedia === 'function'
  );
}

function start(root: HTMLElement) {
  show('video-nojs', false);
  root.hidden = false;
  if (!supported()) {
    show('video-unsupported', true);
    show('video-check', false);
    show('video-join', false);
    return;
  }
  const appointmentId = root.dataset.appointmentId ?? '';
  const role = root.dataset.role ?? 'patient';
  const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${root.dataset.socket ?? '/ws/video'}`;

  let local: MediaStream | null = null;
  let audioContext: AudioContext | null = null;
  let facing: 'user' | 'environment' = 'user';
  let iceServers: IceServerInfo[] = [];
  let self: PeerInfo | null = null;
  let wantToBeIn = false;
  let finished = false;
  const peers = new Map<string, Peer>();
  let socket: WebSocket | null = null;
  let retry = 0;

  // --- The device check -------------------------------------------------------------------

  async function startMedia(): Promise<MediaStream | null> {
    if (local) return local;
    try {
      local = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { facingMode: facing },
      });
    } catch {
      say(
        'video-camera-status',
        'We could not use your camera or microphone. Check that this website is allowed to use them (in your browser settings) and that no other app is using them.',
      );
      return null;
    }
    const preview = videoEl('video-preview');
    if (preview) preview.srcObject = local;
    const selfView = videoEl('video-self');
    if (selfView) selfView.srcObject = local;
    say('video-camera-status', 'Your camera and microphone are working.');
    meter(local);
    void navigator.mediaDevices.enumerateDevices().then((devices) => {
      show('video-switch', devices.filter((d) => d.kind === 'videoinput').length > 1);
    });
    return local;
  }

  function audio(): AudioContext {
    audioContext ??= new AudioContext();
    if (audioContext.state === 'suspended') void audioContext.resume();
    return audioContext;
  }

  function meter(stream: MediaStream) {
    const m = document.getElementById('video-mic-level') as HTMLMeterElement | null;
    if (!m || stream.getAudioTracks().length === 0) return;
    const ctx = audio();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      m.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      if (!finished) requestAnimationFrame(tick);
    };
    tick();
  }

  el('video-speaker-test')?.addEventListener('click', () => {
    const ctx = audio();
    const tone = ctx.createOscillator();
    const gain = ctx.createGain();
    tone.frequency.value = 440;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(ctx.destination);
    tone.start();
    tone.stop(ctx.currentTime + 1);
  });

  /** Can this browser get a relayed path through our TURN server (what NHS networks need)? */
  async function checkRelay(servers: IceServerInfo[]) {
    if (!servers.some((s) => s.urls.some((u) => u.startsWith('turn')))) {
      say('video-check-relay', 'Reaching the video relay: not needed on this service');
      return;
    }
    say('video-check-relay', 'Reaching the video relay: checking…');
    const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
    pc.createDataChannel('check');
    const found = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, 8000);
      pc.addEventListener('icecandidate', (e) => {
        if (e.candidate?.candidate.includes(' typ relay')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    const ok = await found;
    pc.close();
    say(
      'video-check-relay',
      ok
        ? 'Reaching the video relay: working'
        : 'Reaching the video relay: not working. The call may still work; if it does not, we will phone you.',
    );
  }

  // --- Signalling -------------------------------------------------------------------------

  function send(message: ClientMessage) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connect() {
    say('video-check-signalling', 'Reaching the service: checking…');
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.addEventListener('open', () => {
      retry = 0;
      say('video-check-signalling', 'Reaching the service: working');
      send({ type: 'check', appointmentId });
      // Back after a dropped connection: ask to come back in (a patient already let in is).
      if (wantToBeIn) send({ type: 'join', appointmentId });
    });
    ws.addEventListener('message', (e) => {
      void onMessage(JSON.parse(String(e.data)) as ServerMessage);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws || finished) return;
      say('video-check-signalling', 'Reaching the service: lost, trying again…');
      if (wantToBeIn) say('video-status', 'Connection to the service lost. Reconnecting…');
      for (const id of [...peers.keys()]) dropPeer(id);
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 500 * 2 ** retry);
    });
  }

  async function onMessage(m: ServerMessage) {
    switch (m.type) {
      case 'checked':
        iceServers = m.iceServers;
        await checkRelay(m.iceServers);
        return;
      case 'refused':
        wantToBeIn = false;
        show('video-join', m.reason !== 'not_found');
        say(
          'video-camera-status',
          m.reason === 'not_open_yet'
            ? 'The video room is not open yet. Come back at the time shown above.'
            : m.reason === 'closed'
              ? 'The video room for this appointment has closed.'
              : 'You cannot join this video appointment.',
        );
        return;
      case 'waiting':
        self = m.self;
        iceServers = m.iceServers;
        // A supervisor is held again when the therapist leaves: out of the call until they are back.
        for (const id of [...peers.keys()]) dropPeer(id);
        show('video-check', false);
        show('video-join', false);
        show('video-call', false);
        show('video-waiting', true);
        return;
      case 'joined':
        self = m.self;
        iceServers = m.iceServers;
        show('video-check', false);
        show('video-join', false);
        show('video-waiting', false);
        show('video-call', true);
        say(
          'video-status',
          m.peers.length === 0
            ? role === 'patient'
              ? 'You are in the call. Waiting for your therapist to connect…'
              : 'You are in the call. Nobody else is here yet.'
            : 'Connecting…',
        );
        for (const p of m.peers) addPeer(p, false);
        return;
      case 'peer_joined':
        addPeer(m.peer, true);
        say('video-status', `${m.peer.name} is joining. Connecting…`);
        return;
      case 'peer_left':
        dropPeer(m.id, true);
        return;
      case 'signal':
        onSignal(m);
        return;
      case 'peer_media': {
        const p = peers.get(m.id);
        if (p)
          p.note.textContent = [
            m.audio ? '' : `${p.info.name} has muted their microphone.`,
            m.video ? '' : `${p.info.name} has turned their camera off.`,
          ]
            .filter(Boolean)
            .join(' ');
        return;
      }
      case 'peer_link': {
        const p = peers.get(m.id);
        if (p && m.state === 'reconnecting')
          say('video-status', `${p.info.name}'s connection dropped. Reconnecting…`);
        return;
      }
      case 'waiting_list':
        renderWaiting(m.waiting);
        return;
      case 'ended':
        finish('The video call has ended.');
        return;
      case 'removed':
        // The server closes this socket next: finished, so the page does not reconnect.
        finish(m.message);
        return;
      case 'error':
        return;
    }
  }

  function renderWaiting(waiting: { id: string; name: string; sinceText: string }[]) {
    const list = el('video-waiting-list');
    if (!list) return;
    list.replaceChildren();
    for (const w of waiting) {
      const item = document.createElement('li');
      item.append(`${w.name}, waiting since ${w.sinceText} `);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'nhsuk-button nhsuk-button--secondary';
      button.textContent = `Let ${w.name} in`;
      button.addEventListener('click', () => {
        button.disabled = true;
        send({ type: 'admit', participantId: w.id });
      });
      item.append(button);
      list.append(item);
    }
    show('video-admit', waiting.length > 0);
  }

  // --- The call (perfect negotiation, so either side may offer or restart ICE) -----------

  /**
   * Signals from someone not yet known here: the server tells the newcomer who is in as soon as
   * its join commits, and the others a moment later, so the newcomer's offer can arrive first.
   */
  const early = new Map<string, Extract<ServerMessage, { type: 'signal' }>[]>();

  function addPeer(info: PeerInfo, waitsForOffer: boolean) {
    if (!self || peers.has(info.id)) return;
    const pc = new RTCPeerConnection({ iceServers });
    const figure = document.createElement('figure');
    figure.className = 'rapport-video-remote';
    const video = document.createElement('video');
    video.autoplay = true;
    video.setAttribute('playsinline', '');
    video.setAttribute('aria-label', `Video of ${info.name}`);
    video.className = 'nhsuk-u-width-full';
    const caption = document.createElement('figcaption');
    caption.textContent = info.name;
    const note = document.createElement('p');
    note.setAttribute('aria-live', 'polite');
    figure.append(video, caption, note);
    el('video-remotes')?.append(figure);
    const peer: Peer = {
      info,
      pc,
      polite: self.id > info.id,
      makingOffer: false,
      ignoreOffer: false,
      waitsForOffer,
      queue: Promise.resolve(),
      video,
      figure,
      note,
      restartTimer: undefined,
    };
    peers.set(info.id, peer);
    if (local) for (const track of local.getTracks()) pc.addTrack(track, local);
    pc.addEventListener('track', (e) => {
      video.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    });
    pc.addEventListener('icecandidate', (e) => {
      const c = e.candidate;
      send({
        type: 'signal',
        to: info.id,
        candidate: c
          ? {
              candidate: c.candidate,
              sdpMid: c.sdpMid,
              sdpMLineIndex: c.sdpMLineIndex,
              usernameFragment: c.usernameFragment,
            }
          : null,
      });
    });
    pc.addEventListener('negotiationneeded', () => {
      if (peer.waitsForOffer) return;
      void (async () => {
        try {
          peer.makingOffer = true;
          await pc.setLocalDescription();
          const d = pc.localDescription;
          if (d) send({ type: 'signal', to: info.id, description: { type: d.type, sdp: d.sdp } });
        } finally {
          peer.makingOffer = false;
        }
      })();
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      onLinkState(peer);
    });
    sendMedia();
    if (waitsForOffer)
      // Only a fallback: if the newcomer's offer never comes, offer from this side instead.
      window.setTimeout(() => {
        if (!peer.waitsForOffer || peers.get(info.id) !== peer) return;
        peer.waitsForOffer = false;
        pc.restartIce();
      }, 3000);
    const held = early.get(info.id) ?? [];
    early.delete(info.id);
    for (const m of held) onSignal(m);
  }

  function onLinkState(peer: Peer) {
    const state = peer.pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      clearTimeout(peer.restartTimer);
      peer.restartTimer = undefined;
      say('video-status', `Connected to ${peer.info.name}.`);
      send({ type: 'link', to: peer.info.id, state: 'connected' });
    } else if (state === 'disconnected' || state === 'failed') {
      say('video-status', `The connection to ${peer.info.name} dropped. Reconnecting…`);
      send({ type: 'link', to: peer.info.id, state: 'reconnecting' });
      // A short blip often heals by itself; otherwise find a new path (ICE restart).
      const delay = state === 'failed' ? 0 : 2000;
      clearTimeout(peer.restartTimer);
      peer.restartTimer = window.setTimeout(() => {
        const now = peer.pc.iceConnectionState;
        if (now !== 'connected' && now !== 'completed' && peer.pc.signalingState !== 'closed') {
          peer.pc.restartIce();
          // Keep trying while the path is down (a relay restarting, a phone changing network).
          peer.restartTimer = window.setTimeout(() => {
            onLinkState(peer);
          }, 5000);
        }
      }, delay);
    }
  }

  function onSignal(m: Extract<ServerMessage, { type: 'signal' }>) {
    const peer = peers.get(m.from);
    if (!peer) {
      // Bounded: a few peers' worth of set-up messages at most.
      const list = early.get(m.from) ?? [];
      if (list.length < 100 && (early.has(m.from) || early.size < 4)) {
        list.push(m);
        early.set(m.from, list);
      }
      return;
    }
    // One message at a time per peer, in order.
    peer.queue = peer.queue
      .then(async () => {
        const pc = peer.pc;
        if (m.description) {
          const d = m.description;
          const collision =
            d.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
          peer.ignoreOffer = !peer.polite && collision;
          if (peer.ignoreOffer) return;
          await pc.setRemoteDescription(d);
          // From now on this side may offer too (an ICE restart, a renegotiation).
          peer.waitsForOffer = false;
          if (d.type === 'offer') {
            await pc.setLocalDescription();
            const answer = pc.localDescription;
            if (answer)
              send({
                type: 'signal',
                to: peer.info.id,
                description: { type: answer.type, sdp: answer.sdp },
              });
          }
        } else if (m.candidate !== undefined) {
          try {
            await pc.addIceCandidate(m.candidate ?? undefined);
          } catch (err) {
            if (!peer.ignoreOffer) throw err;
          }
        }
      })
      .catch(() => {
        // A stale candidate or description after a restart: the next exchange repairs it.
      });
  }

  function dropPeer(id: string, announce = false) {
    const peer = peers.get(id);
    if (!peer) return;
    clearTimeout(peer.restartTimer);
    peer.pc.close();
    peer.figure.remove();
    peers.delete(id);
    if (announce) say('video-status', `${peer.info.name} has left the call.`);
  }

  // --- Controls ---------------------------------------------------------------------------

  function sendMedia() {
    const a = local?.getAudioTracks()[0];
    const v = local?.getVideoTracks()[0];
    send({ type: 'media', audio: a?.enabled ?? false, video: v?.enabled ?? false });
  }

  function toggle(kind: 'audio' | 'video', buttonId: string, on: string, off: string) {
    const track = kind === 'audio' ? local?.getAudioTracks()[0] : local?.getVideoTracks()[0];
    if (!track) return;
    track.enabled = !track.enabled;
    const button = el(buttonId);
    if (button) {
      button.textContent = track.enabled ? off : on;
      button.setAttribute('aria-pressed', String(!track.enabled));
    }
    sendMedia();
  }

  el('video-mute')?.addEventListener('click', () => {
    toggle('audio', 'video-mute', 'Unmute microphone', 'Mute microphone');
  });
  el('video-camera')?.addEventListener('click', () => {
    toggle('video', 'video-camera', 'Turn camera on', 'Turn camera off');
  });
  el('video-switch')?.addEventListener('click', () => {
    void (async () => {
      if (!local) return;
      facing = facing === 'user' ? 'environment' : 'user';
      const fresh = await navigator.mediaDevices.getUserMedia({ video: { facingMode: facing } });
      const track = fresh.getVideoTracks()[0];
      const old = local.getVideoTracks()[0];
      if (!track) return;
      for (const p of peers.values())
        for (const sender of p.pc.getSenders())
          if (sender.track?.kind === 'video') await sender.replaceTrack(track);
      if (old) {
        track.enabled = old.enabled;
        local.removeTrack(old);
        old.stop();
      }
      local.addTrack(track);
    })();
  });
  el('video-leave')?.addEventListener('click', () => {
    send({ type: 'leave' });
    finish('You have left the video call. To go back in, reload this page.');
  });
  el('video-end')?.addEventListener('click', () => {
    send({ type: 'end' });
  });

  // While they wait or are in the call: being in a video appointment is using the site.
  window.setInterval(() => {
    if (!wantToBeIn || finished) return;
    const sentAt = Date.now();
    void fetch('/session/alive', {
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { accept: 'application/json' },
    })
      .then((res) => {
        // The idle warning (session.ts) reads this, so it does not interrupt the call.
        if (res.status === 204) shareContact(sentAt);
      })
      .catch(() => {
        // Offline for a moment: the next one tries again.
      });
  }, STILL_HERE_EVERY_MS);

  el('video-join')?.addEventListener('click', () => {
    void (async () => {
      audio();
      if (!(await startMedia())) return;
      wantToBeIn = true;
      show('video-join', false);
      send({ type: 'join', appointmentId });
    })();
  });

  function finish(text: string) {
    finished = true;
    wantToBeIn = false;
    for (const id of [...peers.keys()]) dropPeer(id);
    for (const t of local?.getTracks() ?? []) t.stop();
    show('video-call', false);
    show('video-waiting', false);
    show('video-check', false);
    show('video-ended', true);
    say('video-ended-heading', text);
    socket?.close();
  }

  // Opened before the room opens: the page reloads itself when it does, so someone who waits
  // here is shown the Join button (walk 11). The delay is the server's, so a wrong clock on the
  // device does not matter; a far-off room (or one past the longest timer) is left alone.
  const opensInMs = Number(root.dataset.opensInMs ?? NaN);
  if (Number.isFinite(opensInMs) && opensInMs >= 0 && opensInMs <= 12 * 3_600_000) {
    if (root.dataset.opensText) say('video-room-state', root.dataset.opensText);
    window.setTimeout(() => {
      location.reload();
    }, opensInMs + 1000);
  }

  connect();
  void startMedia();
}
