-- Amount involved in open cases, by business line and region, as the dashboard counts it
WITH facts AS (
  SELECT case_id, status, open,
         row_number() OVER (PARTITION BY case_id ORDER BY version DESC, changed_at DESC) AS rn
  FROM case_facts
),
amounts AS (
  SELECT case_id, amount, currency, business_line, region,
         row_number() OVER (PARTITION BY case_id ORDER BY version DESC NULLS LAST, changed_at DESC) AS rn
  FROM case_amounts
)
SELECT a.business_line, a.region, a.currency,
       count(*) AS cases,
       sum(CAST(a.amount AS decimal(18, 2))) AS amount
FROM facts f
JOIN amounts a ON a.case_id = f.case_id AND a.rn = 1
WHERE f.rn = 1 AND f.open AND f.status <> 'received'
GROUP BY a.business_line, a.region, a.currency
ORDER BY a.business_line, a.region, a.currency
