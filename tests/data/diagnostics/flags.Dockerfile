FROM alpine AS build
COPY --form=build /a /b
COPY onlyone
ADD --link=maybe a b
RUN --network=wifi echo
COPY --chown /a /b
