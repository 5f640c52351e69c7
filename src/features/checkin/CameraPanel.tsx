import { type RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n.ts';
import { isInstalledApp } from '../../ui/install-state.ts';
import type { CameraChoice, CameraSession } from './qr-scanner.ts';
import { unlockSound } from './scan-feedback.ts';

type CameraState = { status: 'off' | 'starting' | 'running' } | { status: 'error'; kind: 'refused' | 'absent' | 'other'; reason: string };

const REMEMBER = 'etape.camera-on';
/**
 * html5-qrcode decodes each frame drawn at the CSS width of its element: at a phone's 360 px a
 * 1280×720 stream shrinks to 360×202 and a dense badge QR held at arm's length falls to about
 * 3 px a module, too few to read reliably. The element is laid out at this width and scaled down
 * to fit on screen, so the decoder sees twice the pixels whatever the screen.
 */
const DECODE_WIDTH = 640;
const VIDEO_ID = 'checkin-camera';
const PHOTO_ID = 'checkin-photo-decoder';

/** The QR engine, loaded on first use only: /scan paints without waiting for it. */
const engine = () => import('./qr-scanner.ts');

function remembered(): boolean {
  try {
    return globalThis.localStorage?.getItem(REMEMBER) === '1';
  } catch {
    return false;
  }
}

function remember(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(REMEMBER, '1');
    else globalThis.localStorage?.removeItem(REMEMBER);
  } catch {
    // Storage refused: the camera waits for a tap next time.
  }
}

/** Scales `view` (laid out at DECODE_WIDTH) down to the width of `frame`, and gives `frame` the scaled height. */
function useFitToFrame(frame: RefObject<HTMLDivElement>, view: RefObject<HTMLDivElement>): void {
  useEffect(() => {
    const outer = frame.current;
    const inner = view.current;
    if (!outer || !inner || typeof ResizeObserver === 'undefined') return;
    const fit = () => {
      const scale = Math.min(1, outer.clientWidth / DECODE_WIDTH);
      inner.style.transformOrigin = '0 0';
      inner.style.transform = `scale(${scale})`;
      outer.style.height = `${Math.round(inner.offsetHeight * scale)}px`;
    };
    const observer = new ResizeObserver(fit);
    observer.observe(outer);
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);
}

/**
 * Camera scanning: start/pause, choice of camera, torch where there is one, and a photo of the
 * badge as the fallback. One stream at a time, released when the page is left or hidden.
 */
export function CameraPanel({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useI18n();
  const [state, setState] = useState<CameraState>({ status: 'off' });
  const [cameras, setCameras] = useState<CameraChoice[]>([]);
  const [cameraId, setCameraId] = useState<string | undefined>();
  const [torch, setTorch] = useState<{ available: boolean; on: boolean }>({ available: false, on: false });
  const [photoError, setPhotoError] = useState(false);
  const session = useRef<CameraSession | undefined>(undefined);
  const frame = useRef<HTMLDivElement>(null);
  const view = useRef<HTMLDivElement>(null);
  useFitToFrame(frame, view);
  const latest = useRef(onCode);
  latest.current = onCode;

  /** Counts stops: a start that finishes after one (a pause, a hidden page, the panel gone) releases its camera at once. */
  const stops = useRef(0);
  /** The camera is wanted: running, or starting. */
  const wanted = useRef(false);

  const stop = async () => {
    stops.current += 1;
    const current = session.current;
    session.current = undefined;
    setTorch({ available: false, on: false });
    await current?.stop();
  };

  const start = async (id = cameraId) => {
    wanted.current = true;
    setState({ status: 'starting' });
    try {
      const { startCamera, listCameras } = await engine();
      await stop();
      const startedAfter = stops.current;
      const started = await startCamera(VIDEO_ID, id, (text) => latest.current(text));
      if (stops.current !== startedAfter) {
        await started.stop();
        return;
      }
      session.current = started;
      setTorch({ available: started.hasTorch, on: false });
      setState({ status: 'running' });
      remember(true);
      setCameras(await listCameras().catch(() => []));
    } catch (error) {
      const kind = (error as { kind?: 'refused' | 'absent' | 'other' }).kind ?? 'other';
      setState({ status: 'error', kind, reason: error instanceof Error ? error.message : String(error) });
      wanted.current = false;
      if (kind === 'refused') remember(false);
    }
  };

  const pause = async () => {
    wanted.current = false;
    remember(false);
    await stop();
    setState({ status: 'off' });
  };

  useEffect(() => {
    if (remembered()) void start();
    // Hidden page: release the camera; visible again: take it back if it was running.
    let resume = false;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden' && wanted.current) {
        resume = true;
        void stop();
      } else if (document.visibilityState === 'visible' && resume) {
        resume = false;
        void start();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      void stop();
    };
  }, []);

  const onPhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhotoError(false);
    try {
      latest.current(await (await engine()).decodeImage(PHOTO_ID, file));
    } catch {
      setPhotoError(true);
    }
  };

  const running = state.status === 'running';
  return (
    <div class="camera">
      <div ref={frame} class={running || state.status === 'starting' ? 'camera__frame' : 'camera__frame camera__frame--off'}>
        <div ref={view} id={VIDEO_ID} class="camera__view" style={{ width: `${DECODE_WIDTH}px` }} data-testid="camera" />
      </div>
      <div class="camera__controls">
        {running ? (
          <button type="button" class="button" onClick={() => void pause()}>
            {t('checkin.cameraPause')}
          </button>
        ) : (
          <button
            type="button"
            class="button button--primary"
            disabled={state.status === 'starting'}
            onClick={() => {
              unlockSound();
              void start();
            }}
          >
            {state.status === 'starting' ? t('checkin.cameraStarting') : t('checkin.cameraStart')}
          </button>
        )}
        {running && torch.available ? (
          <button
            type="button"
            class="button"
            aria-pressed={torch.on}
            onClick={() => void session.current?.setTorch(!torch.on).then(() => setTorch({ available: true, on: !torch.on }))}
          >
            {torch.on ? t('checkin.torchOff') : t('checkin.torchOn')}
          </button>
        ) : null}
      </div>
      {running ? <p class="muted">{t('checkin.cameraRunning')}</p> : null}
      {state.status === 'starting' && isInstalledApp() ? <p class="muted">{t('checkin.cameraAskedAgain')}</p> : null}
      {cameras.length > 1 ? (
        <>
          <label for="checkin-camera-choice">{t('checkin.cameraChoice')}</label>
          <select
            id="checkin-camera-choice"
            class="field"
            value={cameraId ?? ''}
            onChange={(e) => {
              const id = e.currentTarget.value || undefined;
              setCameraId(id);
              void start(id);
            }}
          >
            <option value="">{t('checkin.cameraDefault')}</option>
            {cameras.map((camera) => (
              <option key={camera.id} value={camera.id}>
                {camera.label || camera.id}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {state.status === 'error' ? (
        <p class="banner banner--warning" role="alert">
          {state.kind === 'refused'
            ? t(isInstalledApp() ? 'checkin.cameraRefusedInstalled' : 'checkin.cameraRefused')
            : state.kind === 'absent'
              ? t('checkin.cameraAbsent')
              : t('checkin.cameraFailed', { reason: state.reason })}
        </p>
      ) : null}
      <label class="button camera__photo">
        {t('checkin.photo')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          class="visually-hidden"
          onChange={(e) => {
            unlockSound();
            void onPhoto(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {photoError ? <p role="alert">{t('checkin.photoFailed')}</p> : null}
      {/* Off screen but wide: html5-qrcode draws the photo at this width (300 px when it has none), so a badge in a large photo keeps enough pixels. */}
      <div id={PHOTO_ID} class="photo-decoder" aria-hidden="true" />
      <p class="muted">{t('checkin.wedgeHint')}</p>
    </div>
  );
}
