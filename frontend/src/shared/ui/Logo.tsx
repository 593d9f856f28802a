export function CakeIcon({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="8" y="34" width="48" height="22" rx="6" fill="#f3b6c4" />
      <rect x="14" y="20" width="36" height="17" rx="5" fill="#fde4ea" />
      <path d="M8 42c5 4 9-4 14 0s9-4 14 0 9-4 14 0 6 0 6 0" stroke="#c2185b" strokeWidth="3" fill="none" strokeLinecap="round" />
      <rect x="30" y="8" width="4" height="12" rx="1.5" fill="#8bbf7a" />
      <path d="M32 1c2.5 2.5 2.5 5 0 7-2.5-2-2.5-4.5 0-7z" fill="#f2a93b" />
    </svg>
  );
}
