-- reserved (exit form fields)
SELECT 1;
