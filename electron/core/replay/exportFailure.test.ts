import { describe, expect, it } from 'vitest';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import { coreMessageText } from '../i18n/coreTranslations';
import { ReadWorkerStopped } from '../store/readWorker';
import { exportFailure } from './exportFailure';

/** An error as Node's fs (errno) or better-sqlite3 throws it: a message and a code. */
function systemError(code: string): Error {
  return Object.assign(new Error(`${code}: something the system said`), { code });
}

const FOLDER = '/home/officer/.watchfloor/exports';

describe('why an export was not written', () => {
  it('names the known failures by their own code, the exports folder as it is', () => {
    const cases: [unknown, string][] = [
      [systemError('ENOSPC'), 'export.diskFull'],
      [systemError('EDQUOT'), 'export.diskFull'],
      [systemError('SQLITE_FULL'), 'export.diskFull'],
      [systemError('EACCES'), 'export.permissionDenied'],
      [systemError('EPERM'), 'export.permissionDenied'],
      [systemError('EROFS'), 'export.readOnly'],
      [systemError('SQLITE_READONLY_DBMOVED'), 'export.readOnly'],
      [systemError('ENOENT'), 'export.folderMissing'],
      [systemError('ENOTDIR'), 'export.folderMissing'],
      [systemError('EFBIG'), 'export.tooLarge'],
    ];
    for (const [error, code] of cases) {
      const message = exportFailure(error, FOLDER);
      expect(message, code).toMatchObject({ code, params: { folder: FOLDER } });
      expect(message.text).toContain(FOLDER);
    }
  });

  it('tells a stopped worker from an export the replay closed, and keeps a message already given', () => {
    expect(exportFailure(new ReadWorkerStopped(1), FOLDER)).toMatchObject({
      code: 'export.workerStopped',
      params: { code: 1 },
    });
    expect(exportFailure(new ReadWorkerStopped(null), FOLDER).code).toBe('export.cancelled');
    const nothing = coreMessage('replay.nothingToExport');
    expect(exportFailure(new CoreMessageError(nothing), FOLDER)).toBe(nothing);
  });

  it("keeps the system's words for the rest, under the export's own sentence", () => {
    const message = exportFailure(systemError('EIO'), FOLDER);
    expect(message).toEqual({
      code: 'export.failed',
      params: { detail: 'EIO: something the system said' },
      text: 'The export could not be written: EIO: something the system said',
    });
    expect(coreMessageText(message, 'mk')).toBe(
      'Извозот не можеше да се запише: EIO: something the system said',
    );
  });

  it('reads in the officer language', () => {
    const full = exportFailure(systemError('ENOSPC'), FOLDER);
    expect(coreMessageText(full, 'sr-Latn')).toBe(
      `Izvoz nije mogao da se upiše: disk je pun (${FOLDER}). Oslobodite prostor i ponovo izvezite.`,
    );
    expect(coreMessageText(full, 'sq')).toBe(
      `Eksporti nuk mund të shkruhej: disku është plot (${FOLDER}). Lironi hapësirë dhe eksportoni përsëri.`,
    );
  });
});
