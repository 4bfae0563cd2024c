# check=skip=JSONArgsRecommended;error=true
FROM alpine
CMD echo hi
ENV a b
