import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ui } from '../../store/uiStore';

export function NoteForm({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation('drawer');
  const [text, setText] = useState('');
  const submit = (): void => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    void ui.issue('incident.add_note', { incidentId, text: trimmed });
    setText('');
  };
  return (
    <form
      className="wf-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input
        className="wf-input"
        placeholder={t('note.placeholder')}
        aria-label={t('note.label')}
        data-testid="note-input"
        maxLength={4000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="wf-button" data-testid="note-submit" disabled={text.trim() === ''}>
        {t('note.add')}
      </button>
    </form>
  );
}
