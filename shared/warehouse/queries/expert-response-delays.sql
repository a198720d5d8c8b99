-- Expert response delays: hours from a task reaching its expert to the opinion, by expert and month
WITH latest AS (
  SELECT task_id, queue, kind, status, created_at, assigned_at, completed_at, completed_by,
         row_number() OVER (PARTITION BY task_id ORDER BY version DESC, changed_at DESC) AS rn
  FROM tasks
)
SELECT completed_by AS expert,
       substr(CAST(completed_at AS varchar), 1, 7) AS month,
       count(*) AS opinions,
       round(avg(date_diff('second', coalesce(assigned_at, created_at), completed_at)) / 3600.0, 1) AS average_hours,
       round(max(date_diff('second', coalesce(assigned_at, created_at), completed_at)) / 3600.0, 1) AS longest_hours
FROM latest
WHERE rn = 1 AND queue = 'expert' AND status = 'completed' AND completed_at IS NOT NULL
GROUP BY completed_by, substr(CAST(completed_at AS varchar), 1, 7)
ORDER BY expert, month
