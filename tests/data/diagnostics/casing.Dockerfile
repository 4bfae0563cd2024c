FROM alpine
run echo lower
Copy a b
