import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from './commands';
import { useDialogFocus } from './dialogFocus';

/** Where Up/Down move the palette's selection among `count` matches: round the ends. */
export function movePaletteSelection(index: number, key: string, count: number): number {
  if (count === 0) return 0;
  if (key === 'ArrowDown') return (index + 1) % count;
  if (key === 'ArrowUp') return (index - 1 + count) % count;
  return Math.min(index, count - 1);
}

/**
 * The command palette: every command by name, filtered as you type; Up and Down move a visible
 * selection and Enter runs it. The names (and what is typed) are matched in the language in use.
 * Focus stays in the field (the list is named to screen readers by aria-activedescendant).
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
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (open) {
      setQuery('');
      setActive(0);
    }
  }, [open]);
  useDialogFocus(dialog, open);
  // A command's label is read in the language in use (see Command): again when it changes.
  const language = i18n.language;
  const matches = useMemo(() => {
    const q = query.trim().toLocaleLowerCase(language);
    return commands.filter(
      (c) => c.id !== 'palette.open' && (q === '' || c.label.toLocaleLowerCase(language).includes(q)),
    );
  }, [commands, query, language]);
  const selected = Math.min(active, Math.max(matches.length - 1, 0));
  const activeId = matches[selected] ? `palette-option-${matches[selected].id}` : undefined;
  useEffect(() => {
    if (activeId)
      list.current?.querySelector(`[id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  if (!open) return null;
  const run = (command: Command | undefined): void => {
    if (!command) return;
    onClose();
    command.run();
  };
  return (
    <div className="palette-backdrop" onClick={onClose} data-testid="command-palette">
      <div
        ref={dialog}
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('palette.field')}
        onClick={(e) => e.stopPropagation()}
      >
        <input
          data-autofocus
          value={query}
          placeholder={t('palette.placeholder')}
          aria-label={t('palette.field')}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          data-testid="palette-field"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive(movePaletteSelection(selected, e.key, matches.length));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(matches[selected]);
            } else if (e.key === 'Escape') {
              // The palette's Esc closes the palette only, not the selection behind it too.
              e.stopPropagation();
              onClose();
            }
          }}
        />
        <ul id="palette-list" role="listbox" ref={list} aria-label={t('palette.field')}>
          {matches.map((c, i) => (
            <li
              key={c.id}
              id={`palette-option-${c.id}`}
              role="option"
              aria-selected={i === selected}
              className={i === selected ? 'is-active' : undefined}
              data-testid="palette-option"
              data-command-id={c.id}
              onMouseMove={() => setActive(i)}
              onClick={() => run(c)}
            >
              <span>{c.label}</span>
              {c.shortcut && <kbd>{c.shortcut.replace('Mod+', 'Ctrl+')}</kbd>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
