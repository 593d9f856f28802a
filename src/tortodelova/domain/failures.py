"""Why a generation did not produce an image, and what the user is told.

The user sees one fixed Russian sentence per failure class, never the exception text: details
(URLs, memory figures, model internals) go to the worker's logs with the job id. Each message says
what happened to the credits; on failure nothing is ever debited.
"""

from __future__ import annotations

import enum

NO_CHARGE = "Кредиты не списаны."


class Failure(enum.StrEnum):
    STORAGE_UNAVAILABLE = "storage_unavailable"  # the image could not be stored
    MODEL_ERROR = "model_error"  # translation or rendering raised
    OUT_OF_MEMORY = "out_of_memory"  # the GPU ran out of memory
    ATTEMPTS_EXHAUSTED = "attempts_exhausted"  # the job kept failing or killing its workers
    CANCELLED = "cancelled"  # the user cancelled a pending job
    EXPIRED = "expired"  # a pending job waited too long for a worker
    SOURCE_MISSING = "source_missing"  # the starting picture (upload or design) is gone from storage

    @property
    def message(self) -> str:
        return f"{_REASONS[self]} {NO_CHARGE}"


_REASONS: dict[Failure, str] = {
    Failure.STORAGE_UNAVAILABLE: "Не удалось сохранить изображение: хранилище временно недоступно.",
    Failure.MODEL_ERROR: "Не удалось создать изображение: ошибка модели.",
    Failure.OUT_OF_MEMORY: "Не удалось создать изображение: видеокарте не хватило памяти.",
    Failure.ATTEMPTS_EXHAUSTED: "Не удалось создать изображение: все попытки исчерпаны.",
    Failure.CANCELLED: "Генерация отменена.",
    Failure.EXPIRED: "Генерация отменена: задача слишком долго ждала в очереди.",
    Failure.SOURCE_MISSING: "Исходное изображение недоступно.",
}

# Shown on a job that went back to the queue after a temporary failure (it is pending again).
RETRYING = f"Временный сбой, генерация повторится автоматически. {NO_CHARGE}"
