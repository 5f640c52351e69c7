import { useEffect, useState } from 'preact/hooks';
import type { ParticipantRow } from '../../db/schema.ts';
import { useI18n } from '../../ui/i18n.ts';

/** A walk-in's new badge on screen, to be photographed; every device accepts it after sync. */
export function WalkInBadge({ person }: { person: ParticipantRow }) {
  const { t } = useI18n();
  const [image, setImage] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    void import('../../ui/qr-code.ts').then(({ qrDataUrl }) => qrDataUrl(person.badgeCode)).then((url) => live && setImage(url));
    return () => {
      live = false;
    };
  }, [person.badgeCode]);
  return (
    <figure class="walk-in-badge">
      {image ? <img src={image} width={240} height={240} alt={t('checkin.walkInBadge', { name: person.name })} /> : null}
      <figcaption>
        {t('checkin.walkInBadge', { name: person.name })}
        <code data-testid="walk-in-code">{person.badgeCode}</code>
      </figcaption>
    </figure>
  );
}
