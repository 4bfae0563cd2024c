FROM alpine AS 1st
FROM alpine as Build
FROM alpine AS build
FROM alpine AS scratch
FROM
FROM a b
