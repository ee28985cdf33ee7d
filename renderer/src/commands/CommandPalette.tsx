import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from './commands';

/**
 * The command palette: every command by name, filtered as you type, Enter runs the first. The
 * names (and what is typed) are matched in the language in use.
 */
export function CommandPalette({
  commands,
  open,
  onClose,
}: {
  commands: Command[];
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('commands');
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) {
      setQuery('');
      input.current?.focus();
    }
  }, [open]);
  // A command's label is read in the language in use (see Command): again when it changes.
  const language = i18n.language;
  const matches = useMemo(() => {
    const q = query.trim().toLocaleLowerCase(language);
    return commands.filter(
      (c) => c.id !== 'palette.open' && (q === '' || c.label.toLocaleLowerCase(language).includes(q)),
    );
  }, [commands, query, language]);
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
          placeholder={t('palette.placeholder')}
          aria-label={t('palette.field')}
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
