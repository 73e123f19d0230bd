import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal on the native <dialog>: focus is trapped and restored by the
 * browser, Escape cancels. Render it only while it is open; mounting opens it.
 */
export function ModalDialog(props: { title: string; onClose(): void; children: ComponentChildren; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide === true ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(event) => {
        // Escape: the parent decides, so it can unmount us (and refuse while busy).
        event.preventDefault();
        props.onClose();
      }}
    >
      <h3 id={titleId} class="dialog__title">
        {props.title}
      </h3>
      {props.children}
    </dialog>
  );
}
