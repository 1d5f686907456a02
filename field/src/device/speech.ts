// French voice commands where the browser offers speech recognition (Chrome on Android does,
// through its own service; Firefox does not): each final phrase is handed to the caller.

interface Recognition extends EventTarget {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  start(): void;
  stop(): void;
  onresult: ((e: { results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>; resultIndex: number }) => void) | null;
  onend: (() => void) | null;
  onerror: ((e: { error: string }) => void) | null;
}
type RecognitionClass = new () => Recognition;

const RecognitionClass = (): RecognitionClass | undefined =>
  (globalThis as unknown as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass }).SpeechRecognition ??
  (globalThis as unknown as { webkitSpeechRecognition?: RecognitionClass }).webkitSpeechRecognition;

export const speechAvailable = () => Boolean(RecognitionClass());

/** Listens until stopped (restarting after silences); returns the stop function. */
export function listen(lang: string, onPhrase: (text: string) => void, onError: (code: string) => void): () => void {
  const Klass = RecognitionClass();
  if (!Klass) {
    onError('speech_unavailable');
    return () => {};
  }
  let stopped = false;
  const recognition = new Klass();
  recognition.lang = lang;
  recognition.continuous = true;
  recognition.interimResults = false;
  recognition.onresult = (e) => {
    for (let i = e.resultIndex; i < e.results.length; i++) {
      const result = e.results[i];
      if (result?.isFinal) onPhrase(result[0]?.transcript.trim().toLowerCase() ?? '');
    }
  };
  recognition.onerror = (e) => onError(e.error);
  recognition.onend = () => {
    if (!stopped) recognition.start();
  };
  recognition.start();
  return () => {
    stopped = true;
    recognition.stop();
  };
}
