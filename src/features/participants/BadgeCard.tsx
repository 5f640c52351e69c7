import { useEffect, useState } from 'preact/hooks';
import type { ParticipantRow } from '../../db/schema.ts';
import { useI18n } from '../../ui/i18n.ts';
import { qrDataUrl } from '../../ui/qr-code.ts';

/** One badge: name, organisation and the QR of the badge code, or "badge à venir" while the server has not signed it. */
export function BadgeCard({ person, eventName, size = 220 }: { person: ParticipantRow; eventName: string; size?: number }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSrc(null);
    // Drawn at twice the shown size, so that a printed badge stays sharp.
    if (person.badgeCode) void qrDataUrl(person.badgeCode, size * 2).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [person.badgeCode, size]);
  return (
    <article class="badge" data-testid="badge">
      <p class="badge__event">{eventName}</p>
      <p class="badge__name">{person.name}</p>
      <p class="badge__organisation">{person.organisation}</p>
      {person.badgeCode ? (
        src ? (
          <img class="badge__qr" src={src} width={size} height={size} alt={t('participants.badgeAlt', { name: person.name })} data-code={person.badgeCode} />
        ) : (
          <div class="badge__qr" style={{ width: `${size}px`, height: `${size}px` }} />
        )
      ) : (
        <p class="badge__pending">{t('participants.badgePending')}</p>
      )}
    </article>
  );
}
