import type { EngineCommand } from '../command';

export const infoCommand: EngineCommand = {
  name: 'info',
  usage: 'fieldtape info [--json]',
  summary: 'show the version and the data folder in use',
  needsEngine: true,
  async run(_args, io, engine) {
    const info = engine.info();
    io.result(info, `Fieldtape ${info.version}\ndata folder: ${info.dataDir}`);
    return 0;
  },
};
