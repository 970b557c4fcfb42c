// The contract's library.* channels, mapped onto the library service.
import type { Handlers } from '../ipc/router';
import type { LibraryService } from './library-service';

type LibraryChannel = Extract<keyof Handlers, `library.${string}`>;

export function createLibraryHandlers(library: LibraryService): Pick<Handlers, LibraryChannel> {
  return {
    'library.page': (req) => library.page(req),
    'library.rename': (req) => library.rename(req.recordingId, req.title),
    'library.tags': (req) => library.setTags(req.recordingId, req.tags),
    'library.deletePlan': (req) => library.deletePlan(req.recordingId),
    'library.delete': (req) => library.delete(req.recordingId),
    'library.detail': (req) => library.detail(req.recordingId),
    'library.annotations': (req) => library.annotations(req.recordingId),
    'library.evidence': (req) => library.evidence(req.recordingId),
    'library.verify': (req, ctx) => library.verify(req.recordingId, ctx.signal),
    'library.importBegin': (req) => library.importer.begin(req.files, req.folder ?? null),
    'library.importChunk': (req) => library.importer.chunk(req.importId, req.name, req.offset, req.data),
    'library.importFinish': (req) => library.finishImport(req.importId),
    'library.importCancel': (req) => ({ cancelled: library.importer.cancel(req.importId) }),
    'library.exportTargets': () => library.exportTargets(),
    'library.pickFolder': async () => ({ path: await library.pickFolder() }),
    'library.export': (req, ctx) => library.export(req, ctx.signal),
    'library.cancel': (req) => ({ cancelled: library.cancel(req.jobId) }),
  };
}
