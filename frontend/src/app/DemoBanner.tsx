import { useReadiness } from '../api/queries';

export const DEMO_TEXT = 'Демо-режим: изображения — случайный шум, реальная модель не загружена';

/** Shown while the server runs the demo ML engine (GET /api/ready -> ml_engine.mode == "demo"). */
export function DemoBanner() {
  const ready = useReadiness();
  if (ready.data?.ml_engine?.mode !== 'demo') return null;
  return (
    <div className="demo-banner" data-testid="demo-banner">
      <span className="demo-banner__badge">ДЕМО</span>
      {DEMO_TEXT}
    </div>
  );
}
