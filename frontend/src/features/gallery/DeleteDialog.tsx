import { messageOf } from '../../api/errors';
import type { Generation } from '../../api/models';
import { Alert } from '../../shared/ui/Alert';
import { Modal } from '../../shared/ui/Modal';
import { useDeleteDesign } from './hooks';

/** Confirmation before a design is deleted: what goes (the picture, the client links), what stays (history). */
export function DeleteDialog({ design, onClose, onDeleted }: { design: Generation; onClose: () => void; onDeleted: () => void }) {
  const remove = useDeleteDesign(design.id);
  return (
    <Modal
      title="Удалить дизайн?"
      onClose={onClose}
      testId="delete-dialog"
      footer={
        <div className="modal__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Отмена
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(undefined, { onSuccess: onDeleted })}
          >
            {remove.isPending ? 'Удаляем…' : 'Удалить'}
          </button>
        </div>
      }
    >
      <p>Изображение исчезнет, а ссылки, отправленные клиентам, перестанут открываться.</p>
      <p className="muted">Запись о заказе останется в истории и в движении кредитов.</p>
      {remove.isError ? <Alert title="Не удалось удалить">{messageOf(remove.error)}</Alert> : null}
    </Modal>
  );
}
