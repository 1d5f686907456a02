import { forwardRef, useImperativeHandle, useRef } from 'react';

export interface SignaturePadHandle {
  /** The drawing as a PNG data URL, or null when nothing was drawn. */
  dataUrl(): string | null;
  clear(): void;
}

/** A canvas to sign on with a mouse, a pen or a finger (pointer events), transparent behind the ink. */
export const SignaturePad = forwardRef<SignaturePadHandle, { label: string }>(function SignaturePad({ label }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);

  useImperativeHandle(ref, () => ({
    dataUrl: () => (drawn.current && canvas.current ? canvas.current.toDataURL('image/png') : null),
    clear() {
      const c = canvas.current;
      c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
      drawn.current = false;
    },
  }));

  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * e.currentTarget.width, y: ((e.clientY - r.top) / r.height) * e.currentTarget.height };
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    const p = at(e);
    ctx.lineWidth = 5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111827';
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last.current = p;
    drawn.current = true;
  };
  return (
    <canvas ref={canvas} width={600} height={250} className="signature-pad" aria-label={label} data-testid="signature-pad"
      onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); last.current = at(e); }}
      onPointerMove={move}
      onPointerUp={() => { last.current = null; }}
      onPointerCancel={() => { last.current = null; }} />
  );
});
