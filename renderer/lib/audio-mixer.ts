// Mixes participants' audio with WebAudio: one output for the composite (everyone) and one per
// participant (that participant only). Sources come and go as tracks are (re)published; outputs keep
// producing (silent) audio in between, so a recording's audio track never stalls.
export type AudioFilter = (identity: string) => boolean;

interface Source {
  identity: string;
  node: MediaStreamAudioSourceNode;
  connected: Set<string>;
}

interface Output {
  node: MediaStreamAudioDestinationNode;
  accepts: AudioFilter;
}

export class AudioMixer {
  readonly context: AudioContext;
  private readonly sources = new Map<string, Source>();
  private readonly outputs = new Map<string, Output>();

  private readonly silence: ConstantSourceNode;

  constructor() {
    this.context = new AudioContext({ latencyHint: 'playback', sampleRate: 48000 });
    void this.context.resume().catch(() => undefined);
    this.context.addEventListener('statechange', () => performance.mark(`fieldtape:audio-${this.context.state}`));
    this.silence = this.context.createConstantSource();
    this.silence.offset.value = 0;
    this.silence.start();
  }

  /** A live audio track carrying the mix of every source that `accepts`. */
  output(key: string, accepts: AudioFilter): MediaStreamTrack {
    let output = this.outputs.get(key);
    if (!output) {
      output = { node: this.context.createMediaStreamDestination(), accepts };
      output.node.channelCount = 2;
      // A destination with no input yields no samples at all, and MediaRecorder then writes nothing (not
      // even video) until audio arrives: a participant without a microphone would record nothing.
      this.silence.connect(output.node);
      this.outputs.set(key, output);
      for (const source of this.sources.values()) this.connect(source, key, output);
    }
    return output.node.stream.getAudioTracks()[0]!;
  }

  removeOutput(key: string): void {
    const output = this.outputs.get(key);
    if (!output) return;
    for (const source of this.sources.values()) {
      if (source.connected.delete(key)) source.node.disconnect(output.node);
    }
    this.silence.disconnect(output.node);
    this.outputs.delete(key);
  }

  /** Makes the sources exactly these tracks. */
  sync(tracks: ReadonlyArray<{ identity: string; track: MediaStreamTrack }>): void {
    const wanted = new Set(tracks.map((t) => t.track.id));
    for (const [id, source] of this.sources) {
      if (wanted.has(id)) continue;
      source.node.disconnect();
      this.sources.delete(id);
    }
    for (const { identity, track } of tracks) {
      if (this.sources.has(track.id)) continue;
      const source: Source = { identity, node: this.context.createMediaStreamSource(new MediaStream([track])), connected: new Set() };
      this.sources.set(track.id, source);
      for (const [key, output] of this.outputs) this.connect(source, key, output);
    }
  }

  async close(): Promise<void> {
    for (const source of this.sources.values()) source.node.disconnect();
    this.silence.stop();
    this.sources.clear();
    this.outputs.clear();
    await this.context.close().catch(() => undefined);
  }

  private connect(source: Source, key: string, output: Output): void {
    if (!output.accepts(source.identity) || source.connected.has(key)) return;
    source.node.connect(output.node);
    source.connected.add(key);
  }
}
