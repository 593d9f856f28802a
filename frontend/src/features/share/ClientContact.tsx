import { Field } from '../../shared/ui/Field';

/** A phone the page accepts: what the server reads as +7 and ten digits (8… and 7… too). */
const PHONE = /^[ ()\-.\u00a0]*(\+[ ()\-.\u00a0]*7|8|7)([ ()\-.\u00a0]*[0-9]){10}[ ()\-.\u00a0]*$/;

export interface ContactErrors {
  phone?: string;
  consent?: string;
}

export function checkContact(phone: string, consent: boolean): ContactErrors {
  const typed = phone.trim();
  if (!typed) return {};
  if (!PHONE.test(typed)) return { phone: 'Телефон в формате +7 900 123-45-67.' };
  return consent ? {} : { consent: 'Отметьте согласие: без него мы не можем сохранить телефон.' };
}

/** The client's phone for the baker, with the consent to process it (required whenever a phone is given). */
export function ClientContact({
  phone,
  consent,
  errors,
  onPhone,
  onConsent,
}: {
  phone: string;
  consent: boolean;
  errors: ContactErrors;
  onPhone: (phone: string) => void;
  onConsent: (consent: boolean) => void;
}) {
  return (
    <>
      <Field label="Телефон" hint="Необязательно: кондитер позвонит, чтобы договориться о предоплате." error={errors.phone}>
        <input className="input" name="phone" type="tel" autoComplete="tel" inputMode="tel" placeholder="+7 900 123-45-67" value={phone} onChange={(e) => onPhone(e.target.value)} />
      </Field>
      <div className={`client-consent${errors.consent ? ' client-consent--error' : ''}`}>
        <label className="client-consent__label">
          <input type="checkbox" name="consent" checked={consent} onChange={(e) => onConsent(e.target.checked)} aria-describedby={errors.consent ? 'consent-error' : undefined} />
          <span>Согласен(на) на обработку моих персональных данных (имени и телефона), чтобы кондитер связался со мной по заказу.</span>
        </label>
        {errors.consent ? (
          <p className="field__error" id="consent-error" role="alert">
            {errors.consent}
          </p>
        ) : null}
      </div>
    </>
  );
}
