// The library.* channels: the review side of recordings — paging and search, rename, tags, delete, the
// player's detail, the annotation sidecar, the evidence view with on-demand re-verification, import
// (uploaded in chunks over the contract, so both shells share one path) and export.
import { z } from 'zod';
import { AnnotationSidecarSchema } from '../domain/annotation';
import {
  DeletePlanSchema,
  DeleteResultSchema,
  EvidenceSchema,
  ExportRequestSchema,
  ExportResultSchema,
  IMPORT_CHUNK_BYTES,
  ImportBeginSchema,
  ImportFileNameSchema,
  ImportPlanSchema,
  JobProgressSchema,
  LibraryDetailSchema,
  LibraryEntrySchema,
  LibraryPageSchema,
  LibraryQuerySchema,
  TagListSchema,
  TitleSchema,
  VerificationSchema,
} from '../domain/library';
import { RecordingIdSchema } from '../domain/recording';
import { request } from './request';

const ById = z.object({ recordingId: RecordingIdSchema }).strict();
const ImportIdSchema = z.string().regex(/^imp_[0-9a-z]{8,40}$/, 'not an import id');

export const LIBRARY_REQUESTS = {
  'library.page': request(LibraryQuerySchema, LibraryPageSchema),
  'library.rename': request(z.object({ recordingId: RecordingIdSchema, title: TitleSchema }).strict(), LibraryEntrySchema),
  /** Replaces the recording's tags with this list. */
  'library.tags': request(z.object({ recordingId: RecordingIdSchema, tags: TagListSchema }).strict(), LibraryEntrySchema),
  /** What a delete would remove locally and what stays in the bucket; nothing is changed. */
  'library.deletePlan': request(ById, DeletePlanSchema),
  'library.delete': request(ById, DeleteResultSchema),
  'library.detail': request(ById, LibraryDetailSchema),
  /** The recording's annotation sidecar, or null when it has none. */
  'library.annotations': request(ById, AnnotationSidecarSchema.nullable()),
  'library.evidence': request(ById, EvidenceSchema),
  /** Re-hashes every local artifact now and compares with the library and the manifest. */
  'library.verify': request(ById, VerificationSchema),
  'library.importBegin': request(ImportBeginSchema, ImportPlanSchema),
  'library.importChunk': request(
    z
      .object({
        importId: ImportIdSchema,
        name: ImportFileNameSchema,
        offset: z.number().int().nonnegative(),
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength > 0 && d.byteLength <= IMPORT_CHUNK_BYTES, 'chunk size out of range'),
      })
      .strict(),
    z.object({ received: z.number().int().nonnegative() }),
    IMPORT_CHUNK_BYTES + 4096,
  ),
  /** Checks what was uploaded and adds it to the library (a media file is finalized like a recording). */
  'library.importFinish': request(z.object({ importId: ImportIdSchema }).strict(), LibraryEntrySchema),
  'library.importCancel': request(z.object({ importId: ImportIdSchema }).strict(), z.object({ cancelled: z.boolean() })),
  /** Where exports go in this host; `picker` says whether the host has a folder dialog (Electron). */
  'library.exportTargets': request(z.object({}).strict(), z.object({ exportsDir: z.string(), picker: z.boolean() })),
  /** Shows the host's folder dialog; the chosen folder may then be used as an export destination. */
  'library.pickFolder': request(z.object({}).strict(), z.object({ path: z.string().nullable() })),
  'library.export': request(ExportRequestSchema, ExportResultSchema),
  /** Cancels a running export by its job id. */
  'library.cancel': request(z.object({ jobId: z.string().max(64) }).strict(), z.object({ cancelled: z.boolean() })),
} as const;

export const LIBRARY_EVENTS = {
  /** Progress of a long library job (export), by the job id the renderer chose. */
  'library.progress': JobProgressSchema,
} as const;
