// A question before the page goes away (closed, reloaded) while some typed text is nowhere but on the screen (issue 18).

/** Asks the browser before the page goes away (closed, reloaded) while `shouldAsk()` holds; returns the function that stops asking. */
export function guardUnload(shouldAsk: () => boolean): () => void {
  const onbeforeunload = (event: BeforeUnloadEvent): void => {
    if (!shouldAsk()) return;
    event.preventDefault();
    // Older Safari and Chromium want a return value too; the text itself is never shown.
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onbeforeunload);
  return () => window.removeEventListener('beforeunload', onbeforeunload);
}
