"""Domain errors. Each maps to one HTTP status in the API layer; messages are Russian (the UI shows them)."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `code` is a stable machine-readable slug, the message is for people."""

    code = "domain_error"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.__doc__ or self.code)

    @property
    def message(self) -> str:
        return str(self.args[0])


class ValidationFailed(DomainError):
    """Некорректные данные запроса."""

    code = "validation_failed"

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class DraftUnavailable(DomainError):
    """Режим «Черновик» недоступен: на сервере нет LCM-LoRA. Выберите полное качество."""

    code = "draft_unavailable"


class InsufficientCredits(DomainError):
    """Недостаточно кредитов."""

    code = "insufficient_credits"

    def __init__(self, needed: int, available: int, message: str | None = None) -> None:
        self.needed, self.available = needed, available
        super().__init__(message or f"Недостаточно кредитов: нужно {needed}, доступно {available}")


class NotFound(DomainError):
    """Не найдено."""

    code = "not_found"


class GenerationDeleted(NotFound):
    """Дизайн удалён: изображения больше нет, запись осталась в истории запросов."""

    code = "generation_deleted"


class EmailTaken(DomainError):
    """Пользователь с таким email уже зарегистрирован."""

    code = "email_taken"


class InvalidCredentials(DomainError):
    """Неверный email или пароль."""

    code = "invalid_credentials"


class InvalidToken(DomainError):
    """Токен недействителен или истёк."""

    code = "invalid_token"


class InactiveUser(DomainError):
    """Учётная запись заблокирована."""

    code = "inactive_user"


class PromotionRefused(DomainError):
    """Учётная запись уже существует и не является администратором."""

    code = "promotion_refused"

    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(f"Учётная запись {email} уже существует и не является администратором")


class Forbidden(DomainError):
    """Недостаточно прав."""

    code = "forbidden"


class IdempotencyInFlight(DomainError):
    """Запрос с этим Idempotency-Key ещё выполняется."""

    code = "idempotency_in_flight"


class IdempotencyMismatch(DomainError):
    """Idempotency-Key уже использован с другим телом запроса."""

    code = "idempotency_mismatch"


class InvalidTransition(DomainError):
    """Недопустимая смена статуса генерации."""

    code = "invalid_transition"


class RefundRefused(InvalidTransition):
    """Вернуть этот платёж нельзя."""

    code = "refund_refused"


class PaymentsDisabled(DomainError):
    """Оплата на этом сервере не подключена: кредиты начисляет администратор."""

    code = "payments_disabled"


class SourceNotReady(DomainError):
    """Дорабатывать можно только готовый дизайн: дождитесь, пока он будет создан."""

    code = "source_not_ready"


class NotCancellable(InvalidTransition):
    """Генерацию уже нельзя отменить: она выполняется или завершена."""

    code = "not_cancellable"


class NotDeletable(InvalidTransition):
    """Генерацию нельзя удалить, пока она в очереди или выполняется: дождитесь завершения или отмените её."""

    code = "not_deletable"


class LimitReached(DomainError):
    """A per-user cap; the message names the limit."""

    template = "{limit}"

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(self.template.format(limit=limit))


class TooManyActiveGenerations(LimitReached):
    """Слишком много генераций в очереди."""

    code = "too_many_active_generations"
    template = (
        "В очереди и в работе уже {limit} ваших генераций — это максимум. "
        "Дождитесь завершения или отмените одну из них."
    )


class TooManyStreams(LimitReached):
    """Открыто слишком много потоков прогресса."""

    code = "too_many_streams"
    template = (
        "Открыто слишком много потоков прогресса (не более {limit}). Закройте лишние вкладки и повторите."
    )


class LeaseLost(DomainError):
    """Задача больше не принадлежит этому воркеру (аренда истекла и задачу забрал другой)."""

    code = "lease_lost"
