import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Reads a coupon's QR code with the device camera where the browser can decode barcodes itself
 * (BarcodeDetector: Chrome on Android tablets, for instance). Elsewhere the counter's scanner
 * types into the code field, so this button simply does not show.
 */
export const cameraScanAvailable = typeof window !== 'undefined' && 'BarcodeDetector' in window
  && !!navigator.mediaDevices?.getUserMedia;

export function CameraScanner({ onScan, onClose }) {
  const video = useRef(null);
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    let stream;
    let timer;
    let stopped = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (stopped) return;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        timer = setInterval(async () => {
          const codes = await detector.detect(video.current).catch(() => []);
          if (codes.length > 0) {
            clearInterval(timer);
            onScan(codes[0].rawValue);
          }
        }, 300);
      } catch (error) {
        setProblem(`The camera cannot be used: ${error.message}`);
      }
    })();
    return () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  return (
    <div class="scanner">
      {problem ? <p class="notice error" role="alert">{problem}</p>
        : <video ref={video} muted playsInline aria-label="Camera view: hold the coupon's QR code in front of it" />}
      <button type="button" class="secondary" onClick={onClose}>Stop scanning</button>
    </div>
  );
}
