-- Budget consumption by envelope against what it was given, with the forecast to year end at this year's pace
WITH paid AS (
  SELECT payment_id, budget_id, budget_year, envelope, allocated_amount,
         row_number() OVER (PARTITION BY payment_id, envelope ORDER BY changed_at DESC) AS rn
  FROM payments
  WHERE envelope IS NOT NULL
),
consumed AS (
  SELECT budget_id, budget_year, envelope, count(*) AS payments, sum(CAST(allocated_amount AS decimal(18, 2))) AS committed
  FROM paid
  WHERE rn = 1
  GROUP BY budget_id, budget_year, envelope
),
budgets AS (
  SELECT DISTINCT budget_id, budget_year, envelope, CAST(annual AS decimal(18, 2)) AS budget, currency, CAST(alert_share AS double) AS alert_share,
         CAST(concat(CAST(budget_year AS varchar), '-01-01 00:00:00') AS timestamp) AS year_start,
         CAST(concat(CAST(budget_year + 1 AS varchar), '-01-01 00:00:00') AS timestamp) AS next_year_start
  FROM budget_envelopes
),
shares AS (
  SELECT b.*, coalesce(c.payments, 0) AS payments, coalesce(c.committed, CAST(0 AS decimal(18, 2))) AS committed,
         greatest(0.0, least(1.0, CAST(date_diff('second', b.year_start, CAST(current_timestamp AS timestamp)) AS double)
                                  / CAST(date_diff('second', b.year_start, b.next_year_start) AS double))) AS year_elapsed
  FROM budgets b
  LEFT JOIN consumed c ON c.budget_id = b.budget_id AND c.budget_year = b.budget_year AND c.envelope = b.envelope
)
SELECT budget_id, budget_year, envelope, currency, budget, payments, committed,
       round(CAST(committed AS double) / CAST(budget AS double), 4) AS consumed_share,
       round(CASE WHEN year_elapsed > 0 THEN CAST(committed AS double) / year_elapsed ELSE CAST(committed AS double) END, 2) AS forecast_year_end,
       CASE
         WHEN CAST(committed AS double) >= alert_share * CAST(budget AS double) THEN 'threshold-reached'
         WHEN year_elapsed > 0 AND CAST(committed AS double) / year_elapsed > CAST(budget AS double) THEN 'projected-overrun'
         ELSE 'none'
       END AS alert
FROM shares
ORDER BY budget_id, budget_year, envelope
