"""The category suggestion (issue 19 item 4, "Annat" made rare; decision "category
suggestions"): the most likely categories for a description, learnt from the county's own
earlier classified cases.

A small, explainable text model: TF-IDF over words and word pairs, and a multinomial logistic
regression (scikit-learn). It is trained by `manage.py train_category_suggestions` and kept as
JSON in the database (`CategorySuggestionModel`: vocabulary, idf, weights), never a pickle, so the
app loads it without training at request time and every suggestion can name the words that
weighed most. No external service.
"""

import random
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from samsyn.audit.services import audit_record
from samsyn.deviations.models import Category, CategorySuggestionModel, Deviation, EventType

# The vectoriser's settings, kept with the weights so prediction reads the text as training did.
VECTORISER = {
    "lowercase": True,
    "ngram_range": (1, 2),
    "min_df": 2,
    "max_features": 20_000,
    "sublinear_tf": True,
    "strip_accents": None,
}
TOP = 3
# A description shorter than this says too little to suggest anything.
MIN_WORDS = 3
WORDS_SHOWN = 3


@dataclass(frozen=True)
class Suggestion:
    category: Category
    probability: float  # 0..1
    words: tuple[str, ...]  # the description's words that weighed most for it

    @property
    def percent(self) -> int:
        return round(self.probability * 100)


def case_text(title: str, description: str) -> str:
    return f"{title or ''}\n{description or ''}".strip()


def classified_cases(county_id: int) -> QuerySet[Deviation]:
    """What the model learns from: the county's cases with a category that can be chosen and
    is not an "other" value (a re-coded case counts with its new category)."""
    return Deviation.objects.filter(
        reporting_provider__party__county_id=county_id,
        category__is_active=True,
        category__is_other=False,
    ).order_by("pk")


def train(texts: list[str], labels: list[int]) -> dict:
    """Fit the vectoriser and the classifier; return them as plain JSON."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(**VECTORISER)
    matrix = vectoriser.fit_transform(texts)
    classifier = LogisticRegression(max_iter=1000, C=5.0)
    classifier.fit(matrix, labels)
    classes = [int(c) for c in classifier.classes_]
    coef = classifier.coef_
    intercept = classifier.intercept_
    if len(classes) == 2:  # a binary model keeps one row: make it one per class
        coef = [-coef[0], coef[0]]
        intercept = [-intercept[0], intercept[0]]
    return {
        "vocabulary": {term: int(i) for term, i in vectoriser.vocabulary_.items()},
        "idf": [float(v) for v in vectoriser.idf_],
        "classes": classes,
        "coef": [[round(float(v), 6) for v in row] for row in coef],
        "intercept": [float(v) for v in intercept],
    }


class _Loaded:
    """A stored model made ready to predict (built once per process and model version)."""

    def __init__(self, weights: dict):
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectoriser = TfidfVectorizer(**VECTORISER)
        self.vectoriser.vocabulary_ = weights["vocabulary"]
        self.vectoriser.idf_ = np.array(weights["idf"])
        self.terms = {i: term for term, i in weights["vocabulary"].items()}
        self.classes = weights["classes"]
        self.coef = np.array(weights["coef"])
        self.intercept = np.array(weights["intercept"])

    def ranked(self, text: str, k: int = TOP) -> list[tuple[int, float, tuple[str, ...]]]:
        """(category id, probability, weightiest words), most likely first."""
        import numpy as np

        row = self.vectoriser.transform([text])
        if not row.nnz:
            return []
        scores = row @ self.coef.T + self.intercept
        scores = np.asarray(scores).ravel()
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        best = np.argsort(-probabilities)[:k]
        found = row.tocoo()
        return [(self.classes[c], float(probabilities[c]), self._words(found, c)) for c in best]

    def _words(self, found, c: int) -> tuple[str, ...]:
        weighed = sorted(
            ((value * self.coef[c, i], i) for i, value in zip(found.col, found.data, strict=True)),
            reverse=True,
        )
        return tuple(self.terms[i] for weight, i in weighed[:WORDS_SHOWN] if weight > 0)


@lru_cache(maxsize=8)
def _loaded(model_pk: int, trained_at) -> _Loaded:
    return _Loaded(CategorySuggestionModel.objects.get(pk=model_pk).weights)


def suggestion_models_warm() -> int:
    """Make the counties' stored models ready in this process (scikit-learn imported, weights
    read), as many as the process keeps (`_loaded`'s cache, the newest first): a web worker
    does it in the background as it starts (samsyn/gunicorn_config.py), so the first person to
    type a description or open the re-coding queue does not wait the seconds that costs. How
    many models it made ready."""
    kept = _loaded.cache_parameters()["maxsize"]
    stored = list(
        CategorySuggestionModel.objects.only("pk", "trained_at").order_by("-trained_at")[:kept]
    )
    for model in stored:
        _loaded(model.pk, model.trained_at)
    return len(stored)


def suggest(*, county_id: int, text: str, k: int = TOP) -> list[Suggestion]:
    """The k most likely categories for a text, from the county's stored model; none while no
    model is trained or the text is too short to say anything."""
    return suggest_many(county_id=county_id, texts=[text], k=k)[0]


def suggest_many(*, county_id: int, texts: list[str], k: int = TOP) -> list[list[Suggestion]]:
    """`suggest` for each of several texts of one county (a page of the re-coding queue): the
    model and the categories are read once, not once a text."""
    if not any(len(text.split()) >= MIN_WORDS for text in texts):
        return [[] for _text in texts]
    stored = (
        CategorySuggestionModel.objects.filter(county_id=county_id).only("pk", "trained_at").first()
    )
    if stored is None:
        return [[] for _text in texts]
    model = _loaded(stored.pk, stored.trained_at)
    ranked = [model.ranked(text, k) if len(text.split()) >= MIN_WORDS else [] for text in texts]
    categories = Category.objects.in_bulk({c for found in ranked for c, _p, _w in found})
    return [
        [
            Suggestion(categories[c], p, words)
            for c, p, words in found
            if c in categories and categories[c].is_active and not categories[c].is_other
        ]
        for found in ranked
    ]


def _texts_and_labels(cases) -> tuple[list[str], list[int]]:
    rows = list(cases.values_list("title", "description", "category_id"))
    return [case_text(t, d) for t, d, _c in rows], [c for _t, _d, c in rows]


@transaction.atomic
def suggestion_model_train(*, actor, county) -> CategorySuggestionModel | None:
    """Retrain the county's model on all its classified cases (None: fewer than two
    categories to tell apart yet); the trail records when and on how many cases."""
    texts, labels = _texts_and_labels(classified_cases(county.pk))
    if len(set(labels)) < 2:
        return None
    model, _created = CategorySuggestionModel.objects.update_or_create(
        county=county,
        defaults={
            "weights": train(texts, labels),
            "case_count": len(texts),
            "trained_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="deviations.suggestions.trained",
        target=model,
        data={"cases": len(texts), "categories": len(set(labels))},
    )
    return model


@dataclass(frozen=True)
class Accuracy:
    trained_on: int
    held_out: int
    top1: float
    top3: float


def _opening(text: str) -> str:
    """A description's first words after the title: in generated data, its template."""
    return " ".join(text.split("\n", 1)[-1].split()[:4]).lower()


def _held_out(texts: list[str], share: float, seed: int, unseen_texts: bool) -> set[int]:
    """Which cases to hold out: a random `share` of them, or (unseen_texts) whole groups of
    cases that open with the same words, so no text like a tested one is learnt from."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    if not unseen_texts:
        order = list(range(len(texts)))
        rng.shuffle(order)
        return set(order[: int(len(order) * share)])
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        groups.setdefault(_opening(text), []).append(i)
    keys = sorted(groups)
    rng.shuffle(keys)
    held: set[int] = set()
    for key in keys:
        if len(held) >= len(texts) * share:
            break
        held.update(groups[key])
    return held


def held_out_accuracy(
    *, county, share: float = 0.2, seed: int = 1, unseen_texts: bool = False
) -> Accuracy | None:
    """Train on all but a held-out `share` of the county's classified cases and count how
    often the right category is the first suggestion (top-1) or among the three (top-3)."""
    texts, labels = _texts_and_labels(classified_cases(county.pk))
    test = _held_out(texts, share, seed, unseen_texts)
    fit = [i for i in range(len(texts)) if i not in test]
    if not test or len({labels[i] for i in fit}) < 2:
        return None
    model = _Loaded(train([texts[i] for i in fit], [labels[i] for i in fit]))
    top1 = top3 = 0
    for i in test:
        ranked = [c for c, _p, _w in model.ranked(texts[i], TOP)]
        top1 += bool(ranked) and ranked[0] == labels[i]
        top3 += labels[i] in ranked
    return Accuracy(len(fit), len(test), top1 / len(test), top3 / len(test))


@dataclass(frozen=True)
class QueueForecast:
    cases: int  # the county's reports (good cooperation apart)
    other: int  # of them coded "Annat" now
    suggested: int  # of those, with a first suggestion at least `threshold` likely
    threshold: float

    def _share(self, part: int) -> float:
        return part / self.cases if self.cases else 0.0

    @property
    def other_share(self) -> float:
        return self._share(self.other)

    @property
    def other_share_after(self) -> float:
        """The share of "Annat" left if the analysts took every such first suggestion."""
        return self._share(self.other - self.suggested)


def queue_forecast(*, county, threshold: float = 0.5) -> QueueForecast:
    """How much of the re-coding queue the stored model can help with: the county's "Annat"
    cases whose first suggestion is at least `threshold` likely (nothing is re-coded; the
    analyst decides). Good cooperation is counted apart, as in the quality shares."""
    reports = Deviation.objects.filter(reporting_provider__party__county=county).exclude(
        event_type=EventType.GOOD_COOPERATION
    )
    other = reports.filter(category__is_other=True).only(
        "title", "description", "other_explanation"
    )
    suggested = 0
    for case in other.iterator():
        text = case_text(case.title, f"{case.description}\n{case.other_explanation}")
        first = suggest(county_id=county.pk, text=text, k=1)
        suggested += bool(first) and first[0].probability >= threshold
    return QueueForecast(reports.count(), other.count(), suggested, threshold)
