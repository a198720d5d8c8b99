-- Open cases by type, as the dashboard counts them (registered, not closed)
WITH latest AS (
  SELECT case_id, case_type, status, open,
         row_number() OVER (PARTITION BY case_id ORDER BY version DESC, changed_at DESC) AS rn
  FROM case_facts
)
SELECT case_type, count(*) AS open_cases
FROM latest
WHERE rn = 1 AND open AND status <> 'received'
GROUP BY case_type
ORDER BY case_type
