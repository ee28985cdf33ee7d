import { useEffect, useMemo, useRef, useState } from 'react';
import type { Command } from './commands';

/** The command palette: every command by name, filtered as you type, Enter runs the first. */
export function CommandPalette({
  commands,
  open,
  onClose,
}: {
  commands: Command[];
  open: boolean;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) {
      setQuery('');
      input.current?.focus();
    }
  }, [open]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return commands.filter((c) => c.id !== 'palette.open' && (q === '' || c.label.toLowerCase().includes(q)));
  }, [commands, query]);
  if (!open) return null;
  const run = (command: Command | undefined): void => {
    if (!command) return;
    onClose();
    command.run();
  };
  return (
    <div className="palette-backdrop" onClick={onClose} data-testid="command-palette">
      <div className="palette" onClick={(e) => e.stopPropagation()}>
        <input
          ref={input}
          value={query}
          placeholder="Type a command…"
          aria-label="Command"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') run(matches[0]);
            if (e.key === 'Escape') onClose();
          }}
        />
        <ul>
          {matches.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => run(c)}>
                <span>{c.label}</span>
                {c.shortcut && <kbd>{c.shortcut.replace('Mod+', 'Ctrl+')}</kbd>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
