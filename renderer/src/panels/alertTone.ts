import type { IncidentPriority } from '../../../shared/domain';

/**
 * The alert tone, synthesised with the Web Audio API so no audio file has to ship or load. One
 * context is reused: browsers limit how many can exist, and creating one per alert leaks them.
 */
let context: AudioContext | null = null;

/**
 * Plays a short tone: two rising beeps for priority 1, one beep for priority 2. Never throws: a
 * page without audio (or one the browser has not yet allowed to play) simply stays silent.
 */
export function playAlertTone(priority: IncidentPriority): void {
  try {
    if (typeof AudioContext === 'undefined') return;
    context ??= new AudioContext();
    const ctx = context;
    // A context created before any user gesture starts suspended; resuming may be refused, which is fine.
    if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
    const beeps = priority === 1 ? [880, 1175] : [660];
    beeps.forEach((frequency, n) => {
      const start = ctx.currentTime + n * 0.22;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(frequency, start);
      // A quick attack and exponential decay: no click at the start or the end of the beep.
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    });
  } catch {
    // Audio is a courtesy on top of the visual alert, which is always shown.
  }
}
