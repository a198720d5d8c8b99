-- Processing time of closed cases, by case type and month of closing (declaration to closing, hours)
WITH latest AS (
  SELECT case_id, case_type, created_at, closed_at,
         row_number() OVER (PARTITION BY case_id ORDER BY version DESC, changed_at DESC) AS rn
  FROM case_facts
)
SELECT case_type,
       substr(CAST(closed_at AS varchar), 1, 7) AS month,
       count(*) AS closed_cases,
       round(avg(date_diff('second', created_at, closed_at)) / 3600.0, 1) AS average_hours,
       round(max(date_diff('second', created_at, closed_at)) / 3600.0, 1) AS longest_hours
FROM latest
WHERE rn = 1 AND closed_at IS NOT NULL
GROUP BY case_type, substr(CAST(closed_at AS varchar), 1, 7)
ORDER BY case_type, month
