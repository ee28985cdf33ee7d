import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ANNOTATION_COLOR_NAMES,
  ANNOTATION_COLORS,
  ANNOTATION_KINDS,
  ANNOTATION_LIMITS,
} from '../../../shared/annotation';
import type { Annotation } from '../../../shared/state';
import { liveAnnotations } from '../map/layers/annotations';
import { formatUtc } from '../panels/format';
import { useUi } from '../store/uiStore';
import { annotationDraw, canFinish, chooseKind, drawHint, useAnnotationDraw } from './annotationDraw';
import { deleteAnnotation, finishDrawing, focusAnnotation, toggleAnnotationPanel } from './annotationActions';
import './annotations.css';

/** "Annotate" in the layer toolbar: opens and closes the annotations panel (the `n` key too). */
export function AnnotationButton() {
  const { t } = useTranslation('map');
  const open = useAnnotationDraw((s) => s.open);
  return (
    <button
      type="button"
      className="palette-button"
      aria-pressed={open}
      onClick={toggleAnnotationPanel}
      title={t('annotations.toggle')}
      data-testid="annotations-button"
    >
      {t('annotations.button')}
    </button>
  );
}

/** A hint in words. */
function hintText(
  hint: ReturnType<typeof drawHint>,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  return t(`annotations.hint.${hint.key}`, hint.n === undefined ? {} : { n: hint.n });
}

/** The words of a text annotation, checked before it is sent. */
function TextForm() {
  const { t } = useTranslation('map');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="annotation-form"
      onSubmit={(e) => {
        e.preventDefault();
        const words = text.trim();
        if (words.length === 0) return setProblem(t('annotations.problem.empty'));
        if (words.length > ANNOTATION_LIMITS.maxTextLength)
          return setProblem(t('annotations.problem.tooLong', { max: ANNOTATION_LIMITS.maxTextLength }));
        setProblem(null);
        void finishDrawing(words);
      }}
    >
      <input
        className="wf-input"
        // Opened by the click that placed the text, to type in at once.
        autoFocus
        value={text}
        maxLength={ANNOTATION_LIMITS.maxTextLength + 1}
        aria-label={t('annotations.textField')}
        aria-invalid={problem !== null}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            annotationDraw.escape();
          }
        }}
        data-testid="annotation-text"
      />
      <button type="submit" className="wf-button" data-testid="annotation-text-submit">
        {t('annotations.add')}
      </button>
      {problem !== null && (
        <p className="wf-field-error" role="alert" data-testid="annotation-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

function AnnotationItem({ annotation, canDelete }: { annotation: Annotation; canDelete: boolean }) {
  const { t } = useTranslation('map');
  const name = annotation.text ?? t(`annotations.kind.${annotation.kind}`);
  return (
    <li
      className="annotation-item"
      data-testid="annotation-item"
      data-annotation={annotation.annotationId}
      data-kind={annotation.kind}
      data-color={annotation.color}
    >
      <span
        className="annotation-swatch"
        style={{ background: ANNOTATION_COLORS[annotation.color] }}
        aria-hidden="true"
      />
      <button
        type="button"
        className="map-card-name"
        onClick={() => focusAnnotation(annotation)}
        title={t('annotations.about', {
          kind: t(`annotations.kind.${annotation.kind}`),
          author: annotation.author,
          at: formatUtc(annotation.createdAt),
        })}
        data-testid="annotation-focus"
      >
        {name}
      </button>
      <span className="annotation-author">{annotation.author}</span>
      {canDelete && (
        <button
          type="button"
          className="map-card-remove"
          onClick={() => void deleteAnnotation(annotation.annotationId)}
          aria-label={t('annotations.delete', { name })}
          title={t('annotations.delete', { name })}
          data-testid="annotation-delete"
        >
          ×
        </button>
      )}
    </li>
  );
}

/**
 * The annotations panel, in the map's control column: the drawing tools (kind, colour, what to do
 * next, finish), the text form of a text, and the operation's annotations to focus or delete. In
 * replay it lists the annotations of the replayed moment, and nothing is drawn or deleted.
 */
export function AnnotationPanel() {
  const { t } = useTranslation('map');
  const draw = useAnnotationDraw((s) => s);
  const record = useUi((s) => s.state.annotations);
  const replaying = useUi((s) => s.replay !== null);
  const annotations = useMemo(() => liveAnnotations(record), [record]);

  // Replay draws nothing: a shape begun is dropped and the tool put down when it starts.
  useEffect(() => {
    if (replaying)
      annotationDraw.update((st) =>
        st.kind === null ? st : { ...st, kind: null, points: [], awaitingText: false },
      );
  }, [replaying]);

  // Enter finishes the shape in hand, as a double click does; keys typed in a field stay the field's.
  const drawing = draw.kind !== null;
  useEffect(() => {
    if (!drawing) return;
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (
        event.key !== 'Enter' ||
        (target && ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName))
      )
        return;
      if (!canFinish(annotationDraw.snapshot)) return;
      event.preventDefault();
      void finishDrawing();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawing]);

  if (!draw.open) return null;
  return (
    <section
      className="map-card annotation-panel"
      data-testid="annotation-panel"
      aria-labelledby="annotation-panel-title"
    >
      <h2 id="annotation-panel-title">{t('annotations.title')}</h2>
      {!replaying && (
        <>
          <div className="annotation-tools" role="group" aria-label={t('annotations.kinds')}>
            {ANNOTATION_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                className={`wf-button${draw.kind === kind ? ' is-active' : ''}`}
                aria-pressed={draw.kind === kind}
                onClick={() => annotationDraw.update((s) => chooseKind(s, kind))}
                data-testid={`annotation-kind-${kind}`}
              >
                {t(`annotations.kind.${kind}`)}
              </button>
            ))}
          </div>
          <div className="annotation-colors" role="radiogroup" aria-label={t('annotations.colors')}>
            {ANNOTATION_COLOR_NAMES.map((color) => (
              <button
                key={color}
                type="button"
                role="radio"
                aria-checked={draw.color === color}
                className="annotation-color"
                style={{ background: ANNOTATION_COLORS[color] }}
                onClick={() => annotationDraw.update((s) => ({ ...s, color }))}
                aria-label={t(`annotations.color.${color}`)}
                title={t(`annotations.color.${color}`)}
                data-testid={`annotation-color-${color}`}
              />
            ))}
          </div>
          <p className="annotation-hint" role="status" data-testid="annotation-hint">
            {hintText(drawHint(draw), t)}
          </p>
          {draw.kind !== null && draw.kind !== 'point' && draw.kind !== 'text' && (
            <div className="annotation-actions">
              <button
                type="button"
                className="wf-button"
                disabled={!canFinish(draw)}
                onClick={() => void finishDrawing()}
                data-testid="annotation-finish"
              >
                {t('annotations.finish')}
              </button>
              <button
                type="button"
                className="wf-button wf-button-quiet"
                onClick={() => annotationDraw.escape()}
                data-testid="annotation-cancel"
              >
                {t('annotations.cancel')}
              </button>
            </div>
          )}
          {draw.awaitingText && <TextForm />}
        </>
      )}
      {annotations.length === 0 ? (
        <p className="annotation-none">{t('annotations.none')}</p>
      ) : (
        <ul className="annotation-list" data-testid="annotation-list">
          {annotations.map((a) => (
            <AnnotationItem key={a.annotationId} annotation={a} canDelete={!replaying} />
          ))}
        </ul>
      )}
    </section>
  );
}
