import { Link } from 'react-router';
import { ApiError, formErrorMessage } from '../../api/errors';
import { Alert } from '../ui/Alert';

interface SubmitErrorProps {
  error: Error;
  /** The form's own fields: a 422 whose field errors all stand next to them needs no message here. */
  fields?: readonly string[];
}

/** Why a generation was not queued, by the submit button: short of credits leads to the top-up. */
export function SubmitError({ error, fields = [] }: SubmitErrorProps) {
  if (error instanceof ApiError && error.status === 402) {
    return (
      <Alert tone="warning" title="Недостаточно кредитов" testId="insufficient-credits">
        <p>{error.message}</p>
        <p>
          <Link to="/balance">Пополните баланс</Link> и попробуйте снова.
        </p>
      </Alert>
    );
  }
  return (
    <Alert tone="error" testId="submit-error">
      {formErrorMessage(error, fields) ?? 'Проверьте отмеченные поля формы.'}
    </Alert>
  );
}
