"""Extra training phrasings for the shopper turn-understanding model (set 2).

Written from the label guide (/work/briefs/labels.md) and the task brief alone:
no project code, data sets, evaluation sets or public datasets were opened or copied.

EXTRA2 maps each dialogue act of the guide (except other_language) to templates.
Placeholders: {type} {color} {size} {gender} {brand} {price} {pmin} {neg} {sup}
{ref} {order} {email} {person} {activity}; each at most once per phrasing, except
{ref}, which compare phrasings may use twice.
{price} is always an upper bound, {pmin} always a lower bound.

EXTRA2_TYPES lists product type names as shoppers type them, across departments.
"""


def _lines(block):
    """One phrasing per non-empty line; surrounding spaces removed."""
    out = []
    for line in block.split("\n"):
        s = line.strip()
        if s:
            out.append(s)
    return out


EXTRA2 = {}

# ---------------------------------------------------------------- search scene

EXTRA2["search_product"] = _lines("""
{type} {size}
{brand} {type} {color}
{type} for {activity}
{color} {type} {size}
{gender} {type}
{type} {gender} size {size}
{brand} {type}
{type} under {price} quid
{type} under ${price}
{sup} {type}
{type} {brand} {gender}
{color} {brand} {type} size {size}
{type} between {pmin} and {price}
{type} £{pmin}-{price}
{type} over ${pmin}
{type} no {neg}
{type} without {neg}
{type} not {neg}
{gender} {type} for {activity}
{type} for {activity} under {price} euros
cheap {type}
{type} on sale
{type} bulk pack
{type} refill
replacement {type}
organic {type}
waterproof {type} for {activity}
do you have {type}?
do u sell {type}
do you guys carry {type} at all
got any {type}?
any {brand} {type} in stock?
looking for {type}
looking for {color} {type} in {size}
im looking for {gender} {type} size {size} under ${price}
Hi! I'm looking for {type} for {activity}, ideally {brand} and not more than {price} dollars.
Hello, could you help me find {type}? Preferably in {color}.
can you find me {type} by {brand}
i need {type}
need {type} asap
i want to buy {type}
want {type} in {color}
show me {type}
show me the {sup} {type} you have
what's the {sup} {type} on the site
whats ur {sup} {type}
{type} pls
{type} please
{type}??
lf {type} {size}
searching for {brand} {type} not {neg}
where do i find {type} on here
where are the {type}
is there a section for {type}
ok now i need {type}
ok next thing, {type}
also need {type}
now show me {type} in {color}
different question, do you have {type}?
switching gears, i need {type} for {person}
moving on - {gender} {type} size {size}
cool. now {brand} {type}
{type} that fits {ref}
do you sell {type} that works with {ref}
need {type} compatible with {ref}
is there {type} made for {ref}?
{type} for {person}
{type} for {person} in {size}
{type} for a 2016 toyota corolla
{type} for iphone 15
{type} for a small dog
{type} for a {size} bed
{type} for my kitchen
{type} for a home office
{type} for toddlers
pic attached - do you have this {type}?
do you sell this? 📷
find this exact {type} (photo)
[photo] this one in {color} please
can you find the {type} in this picture
trying to find this {brand} {type}, pic attached
{type} {price} max
{type} less than {price}
{type} up to {price}€
{type} at least ${pmin}
{type} from {pmin} to {price} dollars
{type} 2 pack
big {type}
mini {type}
{type} in {size} please
{type} in {color} for {gender}
{brand} {type} {size} {color}
{color} {type} with no {neg}
{brand} {type} under {price}
{sup} {brand} {type}
{sup} {type} for {activity}
{sup} {type} for {gender}
{type} for {activity} {gender} {size}
I'm after {type}
after {type} for {activity}
anyone know if you stock {type}
u got {type} in {color}?
do you have {type} in {size}
does the shop have {type}
i'm trying to buy {type} but can't find it on the site
can't find {type} anywhere on your site, do you have them?
Good morning, I would like to purchase {type} in {color}, size {size}.
Could you show me {brand} {type}, please?
{type} {brand} {sup}
{activity} {type}
{type} {color}
{type} {size} {color}
{type} {size} {gender} {color}
new {type}
{type} deals
{type} clearance
vegan {type} no {neg}
heavy duty {type}
{type} for {activity} that isn't {neg}
hey do you have {type} for {person}
show {gender} {type} under {price}
{gender} {type} {color} {brand}
search {type}
find {type}
search: {brand} {type} {size}
{type} in {color} pls!!
any {type} under ${price} in {color}?
I need new {type}, mine broke 😩
my {type} died, need a new one
we ran out of {type}
{type} in bulk for an office
{type} for a wedding
lookin for {type} {size}
neeed {type}
do yall have {type}
wher can i get {type}
u have {brand} {type}???
{type} 👀
🛒 {color} {type} for {gender}
""")

EXTRA2["refine"] = _lines("""
{color}?
in {color}?
{color} pls
any in {size}
any in {size} at all?
{size}?
without {neg}
not {neg}
no {neg}
no {neg} please
cheaper
cheaper ones
a bit cheaper?
anything cheaper?
too expensive, cheaper ones pls
something cheaper from that list
under {price}
under ${price} only
less than {price} euros
below {price}
max {price}
nothing over {price}
between {pmin} and {price}
over {pmin}
at least ${pmin}
{pmin} to {price}
only {brand}
{brand} only
just {brand} please
{brand}?
for {gender}?
{gender} only
only {gender} ones
do these come in {color}?
do any of these come in {size}
got these in {size}?
any of them in {color}
show only {color}
only {color} ones pls
what about {color}
how about in {color}
same but in {color}
same thing in {size}
now in {size}
in {size} and {color}
{size} in {color}?
{color} and under {price}
{brand} in {color}?
filter {brand}
filter by {size}
filter out {neg}
exclude {neg}
remove the {neg} ones
hide {neg} stuff
none with {neg}
anything but {neg}
not {neg} pls, i hate it
without {neg} and under {price}
only in stock ones
only ones with free delivery
waterproof ones only
only ones with 4+ stars
more expensive ones?
something a bit higher end
bigger sizes?
smaller ones
longer ones
lighter ones
any for {activity}?
only ones good for {activity}
{brand} but not {neg}
can you narrow it down to {brand} under {price}
narrow to {size}
just show {gender} {size}
ugh too pricey, anything below {price}?
these are all too expensive
the {color} ones only
any {color} ones?
those but {color}
these but cheaper
only show ones cheaper than {ref}
cheaper than {ref}?
under {price} but in {color}
in {color} instead
ok but {color}
what about {brand}
{brand} ones?
anything from {brand} in this?
nothing {neg}
no {neg} thx
w/o {neg}
minus the {neg} ones
{neg}-free ones
sizes {size} only
size {size}
in {size} pls
{size} only!!
for {gender} in {size}
for {gender} and {color}
in a {size}?
any {size} left in these?
which ones come in {size}
which of these are {color}
which of these come without {neg}
show me the ones under {price}
can i see only the {brand} ones
can you filter out anything {neg}
can you show only {gender} stuff
hmm cheaper plz
cheeper
less pricey?
lower price range pls
under {price} if poss 🙏
ooh {color}? 👀
{size} plz
no {neg} at all 🙅
🚫 {neg}
in stock in {size} only
anything in {color} under {price}
any of these for {activity}?
""")

EXTRA2["ask_about_shown"] = _lines("""
does {ref} come in {color}
does {ref} come in {size}?
is {ref} waterproof
is {ref} available in {size}
{ref} in {size}?
{ref} in {color}?
what's {ref} made of
what material is {ref}
is {ref} real leather
is {ref} 100% cotton
how much is {ref}
price of {ref}?
what's the price on {ref} after the discount
is {ref} on sale
is {ref} in stock
{ref} still in stock?
when will {ref} be back in stock
how many of {ref} are left
does {ref} run small
is {ref} true to size
should i size up in {ref}
what size should i get in {ref} if i'm usually {size}
will {ref} fit a {size}?
is {ref} machine washable
can {ref} go in the dryer
how do i clean {ref}
is {ref} dishwasher safe
can {ref} go in the microwave
is {ref} oven safe
how heavy is {ref}
what are the dimensions of {ref}
how big is {ref}
how tall is {ref}
how long is {ref}
what's the battery life on {ref}
does {ref} come with a charger
does {ref} need batteries
is {ref} compatible with iphone
does {ref} work with alexa
does {ref} have bluetooth
is {ref} good for {activity}
can i use {ref} for {activity}
is {ref} ok for {person}
is {ref} for {gender}?
is {ref} unisex
is {ref} made by {brand}
who makes {ref}
where is {ref} made
what's the warranty on {ref}
reviews on {ref}?
what do people say about {ref}
what's the rating for {ref}
is {ref} vegan
does {ref} contain nuts
ingredients in {ref}?
is {ref} gluten free
how many calories in {ref}
is {ref} organic
when does {ref} expire
is {ref} safe for dogs
is {ref} suitable for sensitive skin
is {ref} fragrance free
what spf is {ref}
does {ref} have pockets lol
does {ref} have a hood
is {ref} lined
is {ref} warm enough for winter
is {ref} breathable
how thick is {ref}
what's the thread count on {ref}
what's in the box with {ref}
does {ref} come assembled
is {ref} hard to put together
how many pieces in {ref}
what age is {ref} for
is {ref} the newest model
is {ref} refurbished or new
what colors does {ref} come in
what sizes does {ref} come in
is there a {color} version of {ref}
do you have {ref} in {color} in {size}
more pics of {ref}?
can i see {ref} from the back
is the photo of {ref} accurate
how loud is {ref}
what wattage is {ref}
is {ref} see through lol
is {ref} stretchy
does {ref} shrink in the wash
is {ref} scratch resistant
does {ref} fit a 15 inch laptop
will {ref} fit my 2018 honda civic
does {ref} fit a {size} mattress
does {ref} come as a set
is {ref} sold individually
how many come in a pack of {ref}
can {ref} be engraved
what does {ref} smell like
what flavour is {ref}
is {ref} spicy
how much caffeine is in {ref}
hey quick q about {ref} - is it waterproof or just water resistant?
Could you tell me whether {ref} is suitable for outdoor use?
I'm interested in {ref}, what's the fabric composition?
{ref} - machine wash or hand wash?
{ref}, does it stain easily?
is {ref} worth it
is {ref} any good?
how comfy is {ref}
does {ref} hold up well over time?
how long does {ref} last
does {ref} come in {color} or just the one colour
is {ref} heavy to carry around
does {ref} pill after washing
is {ref} in stock in the {size}?
""")

EXTRA2["add_to_cart"] = _lines("""
add {ref} to cart
add {ref} to my basket
put {ref} in my bag
i'll take {ref}
i'll take {ref} in {size}
add {ref} in {color}
add {ref} in {size} please
{ref} in {color}, size {size} - add to cart
add 2 of {ref}
add two of {ref} to the cart
one more of {ref} pls
throw {ref} in my cart
lemme get {ref}
i want {ref}
buy {ref}
i'll buy {ref}
gonna get {ref}, add it
cart {ref}
add to cart
add to basket pls
put {ref} in the basket for me
can you add {ref} to my cart?
Please add {ref} to my shopping bag.
I'd like to order {ref}
i'll go with {ref}
ok {ref} it is, add to cart
{ref} pls, size {size}
{ref} in {size} into my cart
add {ref} to bag 🛍️
add {ref} x3
3x {ref} pls
get me {ref} in {color}
I need {ref} in {size}, add it please
sold, add {ref}
take {ref}, size {size}
pop {ref} in my basket
stick {ref} in the cart
can i get {ref} in {color} added to my order
add {ref} to cart and i'll check out
add {ref} to my cart, thx
i'd like to purchase {ref} in {size}
I'll get {ref}, size {size} in {color}
want {ref} in my cart
can u put {ref} in cart
add {ref} plz
addd {ref} to cart
add {ref} in {size} and {color}
{ref} 🛒
put {ref} through, size {size}
add one of {ref} for me too
""")

EXTRA2["remove_from_cart"] = _lines("""
remove {ref}
remove {ref} from my cart
take {ref} out of my cart
delete {ref}
delete {ref} from basket
get rid of {ref}
i don't want {ref} anymore
drop {ref} from my bag
remove {ref} pls
take {ref} out
can you remove {ref} from the basket?
Please remove {ref} from my shopping cart.
empty my cart
clear my basket
remove everything from my cart
clear the cart pls
remove all items
remove one of {ref}
only keep one of {ref}
reduce {ref} to 1
i changed my mind on {ref}, take it out
undo adding {ref}
oops didn't mean to add {ref}, remove it
{ref} shouldn't be in my cart
why is {ref} in my cart? remove it
remove {ref} and keep the rest
scrap {ref} from the cart
ditch {ref}
bin {ref}
lose {ref} from the basket
x {ref}
🗑️ {ref} pls
cart: remove {ref}
delete {ref} from my order before checkout
take {ref} out of the bag plz
nah remove {ref}
can we take {ref} off
remove {ref} from my basket, thanks
get {ref} out of my cart
pull {ref} out of the cart
clear everything in my bag
wipe my cart
remove all the stuff i added
take everything out of the basket
delete all from cart
dont want {ref} no more
remove {ref}, too expensive
cancel {ref} from the cart
""")

EXTRA2["show_cart"] = _lines("""
show my cart
show cart
view cart
my cart
cart?
basket
what's in my cart
whats in my basket
what's in my bag rn
can i see my cart
show me my basket please
open my cart
how many items are in my cart
what's my cart total
how much is in my basket total
total so far?
what have i added so far
list my cart items
did everything get added to my cart?
show me what i've got in the basket
let me see the cart
check my cart
review my basket
where's my cart
can you pull up my shopping bag
what did i put in my cart earlier
is my cart still saved from yesterday
show my bag 🛍️
🛒?
cart pls
cart summary
summarize my cart
what's in the trolley
how much does everything in my cart come to
whats the subtotal
show basket contents
go to cart
take me to my cart
view my shopping cart please
Could you show me the items in my cart?
I'd like to review what's in my basket before I pay.
my basket pls
show me the cart again
remind me what's in my cart
cart contents
""")

EXTRA2["compare"] = _lines("""
{ref} vs {ref2}
compare {ref} and {ref2}
compare {ref} with {ref2}
what's the difference between {ref} and {ref2}
difference between {ref} & {ref2}?
whats diff {ref} vs {ref2}
{ref} or {ref2}?
which is better, {ref} or {ref2}
which is better for {activity}, {ref} or {ref2}
{ref} or {ref2} for {person}?
is {ref} better than {ref2}
is {ref} warmer than {ref2}
which is lighter, {ref} or {ref2}
which lasts longer, {ref} or {ref2}
how does {ref} compare to {ref2}
pros and cons of {ref} vs {ref2}
{ref} vs {ref2} - worth the extra money?
why is {ref} more expensive than {ref2}
is {ref} much different from {ref2}
are {ref} and {ref2} the same thing
which one's comfier, {ref} or {ref2}
which has better reviews, {ref} or {ref2}
{ref} or {ref2}, which is quieter
which is bigger, {ref} or {ref2}
compare these two
compare them side by side
compare all of them
how are these different
what's the difference between these
which of the two is better
{ref} vs {ref2} for battery life
{ref} vs {ref2} specs pls
side by side {ref} and {ref2}
compare {ref} to {ref2} on price and quality
which would you pick, {ref} or {ref2}?
help me decide between {ref} and {ref2}
torn between {ref} and {ref2}
can't decide, {ref} or {ref2}
is {ref} the same size as {ref2}
does {ref} fit the same as {ref2}
is {ref} or {ref2} easier to clean
which is more durable, {ref} or {ref2}
which is better value, {ref} or {ref2}
{ref} compared to {ref2}?
what does {ref} have that {ref2} doesn't
is the quality of {ref} better than {ref2}
which is safer for {person}, {ref} or {ref2}
{ref} vs {ref2} for {gender}?
""")

EXTRA2["sort"] = _lines("""
{sup} ones first please
sort by price
sort by price low to high
price high to low
{sup} first
sort {sup} first
show {sup} first
which is the {sup}
which one's {sup}
which of these is {sup}
what's the {sup} one here
show me the {sup} one
pick the {sup} of these
which is the {sup} in {color}
the {sup} one?
{sup}?
sort by rating
sort by reviews
{sup} on top pls
order by newest
newest first
most popular first
sort by popularity
sort by discount
biggest discount first
sort alphabetically
a to z
order them by price
put the {sup} at the top
lowest price first please
order them by brand
{sup} at the top of the list
can you sort these by price?
Could you order the results by customer rating?
rank these by price
rank them by reviews
which one has the most reviews
which is the most popular
which is {sup} of the lot
which of them is the {sup} for {activity}
out of these which is {sup}
sort by size
sort em low to high
reorder by rating
price ascending
price: low → high
which is the top seller here
sort by star rating
""")

EXTRA2["state_preference"] = _lines("""
i wear size {size}
I only like {color}
my budget is {price}
budget is ${price}
i'm a {size}
im usually a {size}
my shoe size is {size}
I'm normally {size} in tops
I prefer {brand}
i'm a big {brand} fan
we only buy {brand}
I always go for {color}
i love {color} things
I don't wear {neg}
I hate {neg}
i'm allergic to {neg}
i can't stand {neg}
i'm vegan so no {neg} for me
i don't like {neg}
not a fan of {neg}
my max is {price} dollars
I'd rather not spend more than {price}
i can spend up to {price}
I have about {price} to spend
i want to spend between {pmin} and {price}
it's for {gender}
this is for {person}
i'm shopping for {person}
i mostly do {activity}
i'm really into {activity}
I'll be using it for {activity}
it's for {activity} mainly
I have wide feet
i run hot at night
i have sensitive skin
I like things minimal and {color}
i prefer natural fabrics
I'm {size} in {brand}
my feet are a {size}
he wears {size}
she's a size {size}
i'm tall, like 6'4
i like loose fits
i prefer slim fit
i'm petite
i'm on a tight budget
i'm not fussed about brand
quality matters more than price to me
i prefer eco friendly stuff
{size} is my size
i like {brand} and anything {color}
""")

# ------------------------------------------------------------- recommend scene

EXTRA2["recommend"] = _lines("""
gift ideas for {person}
gift for {person} under ${price}
what should i get {person} for their birthday
{person}'s birthday is coming up, any ideas?
need a present for {person} who loves {activity}
what do you get {person} who has everything
christmas gift ideas for {person}?
stocking stuffers for {person}
secret santa ideas under {price}
housewarming gift ideas
wedding gift ideas under ${price}
baby shower gift ideas
retirement gift for {person}
teacher gift ideas for end of year
something for {person} who's into {activity}
any ideas for {person} under {price}?
any ideas under {price}?
more ideas?
other ideas pls
got any other suggestions?
what else would you suggest
show me some more ideas like these
something like {ref} but cheaper
anything similar to {ref}?
similar to {ref} but in {color}
something like {ref} but without {neg}
like {ref} but for {gender}
alternatives to {ref}?
dupes for {ref}
is there a cheaper alternative to {ref}
{ref} is sold out, what's similar?
what would go with {ref}
what {type} goes with {ref}
which {type} would match {ref}
what {type} should i pair with {ref}
what can i wear with {ref}
complete the look for {ref}
accessories that go with {ref}?
what color {type} goes with {ref}
would {type} in {color} go with {ref}?
I bought {ref}, what else do i need with it
what else do people buy with {type}?
what goes with {type} in {color}
what do i need for a first {activity} trip
going {activity} for the first time, what should i bring?
getting into {activity}, what gear do i need?
starter kit for {activity}? what do beginners need
what should i pack for a {activity} weekend
I'm new to {activity}, where do I start with gear?
what's essential for {activity} in winter
which {type} should i get for {activity}?
which {type} is good for {person}?
what {type} would you recommend for a beginner
what kind of {type} do i need for {activity}
help me choose {type} for a small apartment
can you recommend {type}?
any recommendations for {type} under {price}?
recommend me something for {activity}
suggest something for {person} under ${price}
what's good for {activity} when it's raining
what do you recommend for dry skin
what should i use for a squeaky door
my dog chews everything, what {type} would survive?
what's a good {type} for someone with back pain
is {brand} good for {type} or should i look elsewhere?
is {brand} worth it for {type}?
{brand} or a cheaper brand for {type}, which is better?
should i get {type} or something else for {activity}?
is it worth paying more for {brand} {type}?
should I get {type} or is that overkill for {activity}?
which is better for {activity}, {brand} or something else?
would {type} be a good gift for {person}?
would {person} like {type}?
is {type} a good present for {person}?
ideas for a {activity} themed party
decorating a nursery, what do i need?
moving into my first flat, what essentials should i buy?
setting up a home gym on a budget of {price}, what do i need?
what do i need to start a vegetable garden
recommendations for {gender} {type}?
what's trending in {gender} {type} right now
what do you suggest for {person} who's always cold
i have {price} to spend on {person}, what do you suggest
gift ideas for {person} that aren't {neg}
something for {person}, no {neg}
something cute for {person} 🥰
ideas for a {color} themed gift basket
what {type} would go well in a {color} living room
need inspo for {person}'s gift
help me find a gift, it's for {person}
any gift suggestions for {gender}?
what's a good gift for {gender} under {price}
what pairs well with {type}?
what {type} goes with steak
suggest {type} to go with {ref}
what else would look good with {ref}
{ref} + what? need something to go with it
show me stuff like {ref}
more like {ref} please
anything like {ref} but from {brand}?
I liked {ref}, got anything in that style?
similar vibe to {ref} but in {size}?
what do you think i should get for {activity}?
what would you recommend for {person}?
can you suggest a few {type} for a beginner at {activity}
which {type} do you recommend for {activity}, i'm clueless
i don't know what to get, {person} likes {activity}
help! last minute gift for {person}
gift for someone who likes {activity} and {color} stuff lol
ideas for {person}? something practical
what are popular gifts this year
what's good for a {activity} beginner on a tight budget
first time buying {type}, what should i look for?
Hi, my {type} keeps breaking. What would you suggest instead?
I'm hosting a dinner party on Saturday, what should I get to make the table look nice?
what would you get for {person} if you were me
""")

# -------------------------------------------------------------- service scene

EXTRA2["order_status"] = _lines("""
where is my order {order}
where's my order
status of order #{order}
order {order} status
what's the status of my order
has my order shipped yet
has order {order} been dispatched
when will my order arrive
when is order {order} arriving
any update on my order?
track my order
track order {order}
tracking for {order}?
tracking number for my order please
is my order on the way
my order still says processing
order {order} has been processing for 5 days
why hasn't my order shipped
i ordered last week and nothing yet, where is it
it's been 10 days where's my stuff
did my order go through?
did you receive my order
is my order confirmed
i never got an order confirmation
can you check on order {order}
check order {order} please
what's happening with my order
where is my package
wheres my parcel at
is order {order} ready for pickup
can I pick up order {order} yet
expected delivery date for {order}?
my order was supposed to come yesterday
order status pls
hi, can you tell me where my order is? the number is {order}
Could you please give me an update on order {order}?
Hello, I placed an order on Monday and haven't heard anything since. Could you check it?
is {order} shipped
has {order} left the warehouse
how long until my order ships
order {order}?? still waiting
when does my order get here
is my order delayed
has my order been packed
where is my {type}? ordered it 2 weeks ago
the {type} i ordered, where is it
my order from {email}, where is it
order tracking
tracking link not working for {order}
what stage is my order at
""")

EXTRA2["provide_order_info"] = _lines("""
{order}
#{order}
order {order}
order number {order}
order no. {order}
order # is {order}
it's {order}
its {order}
the number is {order}
here: {order}
here you go, {order}
{order} i think
{order} placed last tuesday
ref {order}
reference {order}
order id: {order}
my order number is {order}
it says {order} on my receipt
confirmation number {order}
{email}
my email is {email}
email: {email}
it's under {email}
i used {email}
ordered with {email}
the email on the order is {email}
account email is {email}
{email} is the one i ordered with
order {order}, email {email}
{order} / {email}
{email}, order {order}
name's Jamie Cole, email {email}
name on the order is Priya Shah
order was under the name Lee
it should be {order}, from {email}
got it: {order}
sure, it's {order}
ok the order number is {order}
found it - {order}
{order} 👍
here's my email {email}
phone on the order is 07700 900123
postcode is SW1A 1AA
zip is 90210
it was shipped to 12 Oak Street, Leeds
i ordered on the 3rd, order {order}
the order number from the confirmation email is {order}
{order} thx
{order} is the number
the order's {order}
emailed from {email}
""")

EXTRA2["return_request"] = _lines("""
I want to return my order
can I return these?
how do I return order {order}
start a return for {order}
i need to send back the {type}
i want to return the {type} i bought
return label please
can you send me a return label
the {type} doesn't fit, can i send it back
exchange for a {size}
can i swap the {type} for a {size}
i want to exchange it for {color}
i'd like to exchange the {type} for size {size}
wrong size, want to exchange
the {type} stopped working after a day and i want to return it
item is faulty, how do i return it
i don't like it, sending it back
how do i return something i got as a gift
return part of order {order}
returning 2 items from my last order
i'd like to return this please
where do i drop off my return
can i return it in store
can you arrange a pickup for my return
i've changed my mind about the {type}, can i return it
can i return the {type} now that i've opened it
need to exchange mine for {color}
my return is packed, what now
i printed the label, where do i send it
return {order} please
want to send this back
doesn't fit, returning
colour looks different from the pic, I'd like to return it
the {type} smells weird, can i return it
i got the wrong item, want to return it
received 2 by mistake, how do i send one back
how do i start an exchange
exchange please
swap for a different size?
I'd like to exchange my {type} for the same one in {size}
Hello, I would like to initiate a return for order {order}. The item was not as described.
returning the {brand} {type}
return request for {order}
i want to return it but lost the receipt
can someone collect the return from my house
is it too late to return my {type}?
the {color} one looks awful on me, sending it back
""")

EXTRA2["refund"] = _lines("""
where's my refund
I want my money back
refund please
refund for order {order}
when will i get my refund
i returned it 2 weeks ago and still no refund
my refund hasn't shown up
how long until the refund shows on my card
can i get a refund instead of store credit
i want a full refund
partial refund for the damaged {type}?
refund the shipping too please
has my refund been processed
you said you'd refund me, where is it
refund status for {order}
i got store credit but i wanted cash back
was refunded the wrong amount
only got half my refund
refund to a different card please
can the refund go to paypal instead
my card expired, how do i get my refund
cancelled order {order}, when do i get money back
i want a refund not an exchange
give me my money back
refund me now
please process my refund asap
still waiting on my refund 😤
refund?
ur supposed to refund me
can I get reimbursed for the return shipping
the refund says complete but nothing arrived
how do i request a refund for {order}
Hi, I returned my {type} last week. Could you confirm when the refund will be issued?
refund for the missing item in my order
i was told i'd get a refund for the late delivery
item never arrived, i want a refund
money back for {order} please
i need my refund, rent is due
refund not received
refund to original payment method?
when does the refund hit my bank
did you refund me yet
i'd like a refund for the {brand} {type}
refund the {type} please
refund pending for ages
""")

EXTRA2["delivery"] = _lines("""
how much is shipping
shipping cost to canada?
do you deliver to ireland
do you ship internationally
how long does delivery take
how long is standard shipping
is there express delivery
next day delivery?
same day delivery available?
can i choose a delivery date
which courier do you use
is it dhl or ups
free shipping over what amount
is delivery free
do you ship to po boxes
can i change my delivery address
i need to change the address on order {order}
deliver to my work address instead
can you leave it with a neighbour
can the driver leave it at the back door
my parcel arrived damaged
box was crushed and the {type} inside is broken
my package is lost
tracking says delivered but it's not here
the courier said he couldn't find my house
missed the delivery, how do i rearrange
the driver never showed up
parcel was left in the rain and soaked
package stolen from my porch
can i collect from a pickup point
do you do click and collect
do you deliver on weekends
what time will the driver come
can I get a delivery window
how much is express to germany
ship to hawaii?
do you deliver to the uk from the us
customs fees for shipping to australia?
how long does shipping take to texas
can you hold my parcel at the depot
redirect my parcel please
my parcel's been stuck in customs for a week
tracking hasn't moved in 5 days, is it lost?
the parcel came open and stuff was missing
wrong address on the label, help
can you ship to an apo address
is shipping faster if i pay more
do you deliver furniture upstairs
can you deliver before christmas?
how much to ship {type}?
""")

EXTRA2["payment"] = _lines("""
my card was declined
card declined at checkout
why does my card keep getting declined
payment failed but money left my account
i was charged twice
you charged me twice for order {order}
double charged!!
there are two charges on my statement from you
my bank says you charged me twice
the payment went through but no order was created
payment pending for 3 days
why is there a pending charge from you
can i get an invoice
i need an invoice with my company name on it
vat invoice for order {order} please
where do i download my invoice
need a receipt for {order}
can you email the receipt to {email}
lost my receipt, can you resend it
promo code not working
my discount code says invalid
where do i enter a promo code
forgot to use my promo code, can you still apply it
can i use two promo codes
the code WELCOME10 doesn't work
is my coupon code expired?
does the promo code work on sale items
how do i use a gift card
gift card not accepted at checkout
check my gift card balance
my gift card says zero but i never used it
can i pay with a gift card and credit card together
split payment possible?
do you take paypal
can i pay with apple pay
google pay?
do you accept amex
can i pay with klarna
pay in 4 installments?
buy now pay later options?
can i pay cash on delivery
can i pay by bank transfer
do you take crypto
paypal keeps giving an error
apple pay not working on your site
checkout won't accept my card
payment page keeps loading forever
3d secure code never arrived
my bank blocked the payment to you
the bank app asked me to approve but it timed out
how do i change the card on my order
update the payment method on my order
remove my saved card
is it safe to enter my card details here
why was i charged more than the total
charged the wrong amount
the price at checkout is higher than the listed price
i got charged for shipping that should be free
charged in dollars but i'm in the uk
can i pay in euros
billing address doesn't match error
billing address keeps getting rejected
payment declined but my card is fine
insufficient funds error but i have money
the checkout says 'transaction failed'
can i pay with my hsa card
can i get a copy of the invoice for my accountant
invoice shows the wrong address
need to add my VAT number to the invoice
can i be invoiced and pay later? it's for a business
is there a discount code for first orders
do you have any promo codes right now
my loyalty points didn't apply at checkout
store credit won't apply at checkout
how do i use my store credit
can i pay with points
gift card code not recognised
bought a gift card, it never arrived
e-gift card didn't come to my email
can i reload my gift card
why is there a $1 authorization hold
pre-authorization on my card?
payment keeps failing on mobile
card number field won't let me type
cvv rejected
expiry date field is broken at checkout
my card got declined 3 times and now my bank froze it, was it you?
can someone else pay for my order
can i pay for someone else's order
change payment from paypal to card
can I pay when it arrives
installment plan for the {type}?
is there a fee for paying with credit card
why do i see two transactions from you
charged for an order i never placed
unknown charge from your store on my card
receipt doesn't show the tax breakdown
need a proforma invoice
can schools pay with a purchase order?
payment confirmation email never came
i paid but the order says unpaid
the promo code took off less than it should
discount didn't apply to my cart
student discount code not working
where's my receipt for {order}
can i get the invoice in my company name instead of mine
pls resend invoice to {email}
card declined 😡 tried 3 cards already
u took money twice wtf
Hello, I was charged for my order but I never received a confirmation. Could you check the payment?
why did the payment go through in a different currency
""")

EXTRA2["account"] = _lines("""
forgot my password
reset my password
password reset email never came
reset link expired
can't log in
cant login to my account
login says wrong password but it's right
my account is locked
locked out after too many attempts
how do i change my email to {email}
update my email address
change my name on my account
how do i change my phone number on my profile
delete my account
please delete my account and all my data
how do i close my account
unsubscribe me from emails
stop sending me newsletters
too many marketing emails, turn them off
sign me up for the newsletter
how do i create an account
can i check out without an account
verification email didn't arrive
can't verify my email
2fa code not coming through
i lost my phone with the authenticator app
someone hacked my account
there's an order on my account i didn't make
someone changed my password
i have two accounts, can you merge them
sign in with google not working
apple login broken
facebook login won't connect
i keep getting logged out
the app won't let me sign in
my order history disappeared from my account
my wishlist is gone
my saved addresses vanished
how do i update my profile
can't change my date of birth
change my username
how do I edit my account details
my email changed, how do i get into my old account
account says email already in use
i signed up with the wrong email
can you send me a copy of my data
turn off sms notifications
stop the text messages
how do i change my communication preferences
my loyalty points disappeared from my account
how do i link my loyalty card to my account
password requirements too strict, can't set one
the password reset page gives an error
captcha won't let me log in
account suspended?? why
why was my account deactivated
reactivate my account
i want to change my password
how to change password
where do i update my address in my profile
remove my phone number from my account
I'd like to opt out of personalised ads
please remove me from your mailing list
unsubscribe link doesn't work
i unsubscribed but still get emails
i never signed up for your newsletter
log me out of all devices
is my account secure?
someone is using my account
i got an email saying my password was changed but i didn't do it
can't access my account
account login issue
login loop on the website
page refreshes when i hit sign in
forgot which email i used to sign up
forgot my username
can i have the account in my business name
add a second user to my account
change account language to english
my profile picture won't upload lol
how do I turn on two-factor authentication
disable 2fa please
update my email to {email} please
new email is {email}, change it on my account
send the reset link to {email}
can't log in with {email}
the account under {email} is locked
delete the account linked to {email}
i made an account by mistake, delete it
member area won't load
can't reset password on the app
I'm not receiving the one-time code
otp not received
otp expired
my acc got hacked pls help
pw reset not working 😡
lost access to my email, how do i get into my account
Hello, I've been trying to log in for an hour and it keeps saying my credentials are invalid.
Could you please close my account? I no longer wish to shop here.
how do i stop getting push notifications
email preferences
the site says my account doesn't exist but i've ordered before
how do i switch off 'remember me'
my account shows the wrong name
i want to stop getting promo emails but keep order emails
set a password for my guest account
""")

EXTRA2["policy"] = _lines("""
what's your return policy
how long do i have to return something
do you price match
do you match amazon prices
what's the warranty on electronics
how long is the warranty
do you offer gift wrapping
can you gift wrap things
do you have a loyalty program
do you offer student discount
military discount?
do you have physical stores
are your products authentic
do you sell fakes
do you do price adjustments if the price drops
can i return sale items
can i return opened items
is there a restocking fee
do you accept returns without a receipt
what's your privacy policy
do you sell my data
are prices including vat
do you charge sales tax
are your products cruelty free
are you an eco friendly company
do you offer extended warranties
do you repair items
do you have a trade in program
can i recycle old electronics with you
is there a holiday return period?
do you do pre-orders
do you do layaway
do you offer bulk discounts for businesses
do you have a referral program
what's your refund policy
terms and conditions?
do i need to be 18 to order
can i cancel an order after placing it
do you honor coupons from competitors
is there a membership
what's the warranty on {brand} products
do you offer gift receipts
do you have a price promise
are returns free
how does your satisfaction guarantee work
what are your customer service hours
is there a minimum order amount
do you offer free samples
what's the policy on damaged items
do you allow returns on swimwear
""")

EXTRA2["handoff"] = _lines("""
i want to talk to a human
real person please
can i speak to someone
agent
agent please
human
human pls
HUMAN!!! NOW
representative
customer service rep please
live agent
connect me to a live person
transfer me to an agent
let me talk to a real person
i need to speak to a manager
get me your supervisor
escalate this please
i want to escalate this
talk to someone in customer service
can i call someone
is there a phone number i can call
what's your customer service number
can someone call me back
call me on 07700 900456 please
i'd like a callback
can i email a person instead
is there live chat with actual staff
operator
staff please
connect me with support
put me through to a person
you're useless, get me a human
this bot is useless i want a person
stop, just give me a human
i don't want to talk to a bot
i need human help
i need a human to look at this
can a real person review my case
i want to file a complaint with someone
let me speak with someone from the returns team
someone from billing please
connect me to the payments team
can i talk to someone about my refund
i want to speak with a person about my order
is there anyone real i can talk to
any humans around?
pls let me chat with an actual person
speak to agent
talk to agent
customer care
customer support agent now
need to speak to someone urgently
i've been going in circles, transfer me
this isn't working, can i talk to someone
get a real human on here
bring in a person
can you pass me to your colleague
i'd like to speak to your team
I would like to be connected to a customer service representative, please.
Please escalate my issue to a human agent.
can i speak to someone in the store
whatsapp support number?
do you have a hotline
how do i reach a real person
how do i contact customer service
contact support
support team pls
i want to complain to a manager
speak to the person in charge
who can i talk to about this
representative please!!
REP
agent agent agent
human being please
i'd rather talk to someone
can someone who works there help me
is there a person available
how long is the wait for an agent
are there agents online
when are your agents available
chat with staff
talk to a human about a damaged item
i want a person not a machine
no more bots, human please
let me talk to someone, now
I need someone to call me about order {order}
can someone phone me at home
please have a manager contact me at {email}
send this to a human
open a ticket with a real agent
raise a ticket please
i need to talk to someone in person
can i video call someone
get me someone who can actually help
transfer to human support
i'd like to talk to a specialist
talk to a tech support person
is there a human i can speak to about a complaint
email address for customer service?
how do i get hold of someone
ring me back please
omg just let me talk to a person 😤
I've explained this three times. Please put me through to a member of staff.
real human or i'm cancelling everything
hand me over to someone please
pass this on to a human
""")

# ------------------------------------------------------------------ follow-ups

EXTRA2["correction"] = _lines("""
sorry i meant {size}
i meant {size}
wait not that one, {ref}
no wait, {ref}
i meant {ref}
sorry, it's {order}
sorry wrong number, it's {order}
oops typo, the order is {order}
i typed it wrong, should be {order}
correction: {order}
the right number is {order}
not that order, {order}
my bad, it's {order} not what i said
digits were mixed up: {order}
wrong order number lol, try {order}
sorry i gave you an old order, the new one is {order}
ugh wrong one, {order}
actually my email is {email}
wrong email sorry, {email}
not that email, use {email}
oops, it's {email}
typo in my email, it's {email}
correction, email is {email}
i meant {color}
sorry i meant {color}
*{color}
*{size}
*{brand}
*{order}
*{email}
i meant {brand}
sorry meant {brand}
autocorrect lol, i meant {brand}
ugh autocorrect, i meant {type}
i meant {type}
sorry, {type} not what i typed
meant {gender}
sorry it's for {gender}, not what i said
i said the wrong size, it's {size}
wrong size, i need {size}
my bad, {size}
no, size {size}
sorry, size {size} not the one i typed
actually {size} sorry
oops meant {color} not the other one
i said the wrong color, {color}
correction: {color}
{color}, not the one i said
sorry i meant under {price}
typo - max is {price}
i meant {price} not what i wrote
sorry, budget is {price} not more
meant between {pmin} and {price}
sorry i meant at least {pmin}
i meant {activity} not running
sorry, for {activity}
no i meant for {person}
sorry i meant {person}, not me
wait i meant the other one, {ref}
not that one!! {ref}
wrong one, {ref}
i clicked the wrong one, i meant {ref}
sorry {ref}, not the one you added
i meant {ref} sorry
ah no, {ref}
not that, {ref}
oops my mistake, {brand} not the other brand
i meant {brand} {type}
sorry meant {color} {type}
correction: {size} in {color}
i meant {size} {color}
wait no, i meant {type} for {gender}
let me correct that: {order}
hold on, the order number is actually {order}
sorry the order is {order}, I misread it
it's {order}, not the one I sent before
that's my old email, current one is {email}
i spelled my email wrong, it's {email}
i mean {size}
i mean {color}
sorry, i mean {ref}
no sorry, i meant {type}
sorry, meant to say {color}
i mistyped, {size}
whoops, {size} not the other
wrong number, {order}
sorry i meant for {activity} not everyday
typo lol, {type}
sorry, {gender} not the other
it's {gender} actually, sorry
actually i meant under ${price}
{size} sorry
{color} sorry
{order} sorry, typo
{email} sorry, typo
sorry that was wrong, it's {order}
no it's {email}, sorry
i meant {brand} not the other one
oh i meant {brand}, sorry
ugh no, i meant {ref}
i wanted {ref}, not that one
sorry, wrong item - {ref}
i meant size {size} for {gender}
my mistake, the email should be {email}
oops, {color} not what i put
sorry i got the size wrong, it should be {size}
Apologies, I gave you the wrong order number. The correct one is {order}.
Sorry, I meant {type}, not what I wrote earlier.
""")

EXTRA2["cancel_task"] = _lines("""
forget it
never mind
nvm
nevermind
nm
cancel
cancel that
stop
scratch that
don't bother
leave it
forget about it
i'll do it later
i changed my mind
changed my mind
actually forget the return
forget the refund
never mind the exchange
skip it
skip this
drop it
start over
let's start again
abort
disregard
ignore that
ignore my last message
doesn't matter
it doesn't matter anymore
not needed anymore
no longer need it
i'll figure it out myself
i'll just go to the store
i'll sort it myself
oh never mind found it
nvm i found it
ok forget the search
forget the {type}
never mind about the {type}
let's not
call it off
scrap that
cancel this request
stop the return
don't process the return
actually i'll keep it, forget the return
meh forget it
ugh never mind
i'll check back later
maybe another time
not now
maybe later
let's leave it for now
forget everything i said
reset
cancel the whole thing
never mind about the order status
stop searching
no need to look anymore
i already bought one elsewhere, forget it
nvm it arrived
nvm, sorted
nvm lol
never mind, it's fine
actually never mind
oh wait never mind
forget i asked
forget i said anything
don't worry about it
no worries, forget it
it's ok, skip it
cancel pls
stop stop stop
hold off on that
let me think about it, cancel for now
i'll come back to it
not anymore
ok forget that
scrap the whole search
forget the gift thing
leave the exchange, i'll keep it
never mind the password, i remembered it
never mind, i logged in
forget the invoice
cancel the refund request
stop the search please
nevermind, wrong chat
forget it, too complicated
ugh forget it 🙄
nvm, sorry 😅
never mind, my mistake
i'll leave it
let's drop it
no need, thanks anyway
don't need it now
wait, forget that
on second thought, never mind
on second thoughts forget it
actually scrap that idea
i'll do it another day
let's park that
don't do anything
no, cancel that
""")

EXTRA2["affirm"] = _lines("""
yes
yes pls
yes please
yeah
yea
yep
yup
ya
ye
sure
sure thing
ok
okay
okie
k
kk
alright
👍
👌
✅
correct
that's right
that's correct
exactly
right
yes that's it
yes that one
yes please do
go ahead
do it
go for it
please do
sounds good
sounds great
perfect
great, yes
yes yes yes
absolutely
definitely
of course
for sure
yeah sure why not
why not
i guess so
yes i do
yes i did
i'd like that
yes that would be great
that works
works for me
fine
fine by me
ok go on
continue
proceed
confirm
confirmed
yes confirm
yes the address is right
yes it's the same email
yes that's my order
affirmative
yessir
yass
uh huh
mhm
yeah yeah
yes to both
yes, send the label
yes please refund it to my card
yes i still want it
yes that's fine
ok do that
sure go ahead
pls do
yes plz
yup that's the one
bingo
spot on
you got it
that's the one
ok cool
sure, why not
let's do it
lets go
deal
agreed
ok fine
alright then
yeah ok
y
yea ok
ok, 👍 from me
yes please 🙏 go ahead
omg yes 😍
yeah that'd be nice
i would, yes
yes please, that's perfect
yeah go on then
sure thing, thanks
ok sure
yes correct
yeah that's right
right, yes
indeed
yep yep
oh yes
yes, exactly that
that's exactly it
yes, that address
yep that's me
ok let's go with that
sounds about right
yes i'm sure
yes im sure
100%
sure sure
okey dokey
""")

EXTRA2["deny"] = _lines("""
no
nope
nah
no thanks
no thank you
not really
not quite
no that's wrong
that's not it
wrong
incorrect
neither
none of them
nope not that
no i don't
no i didn't
i don't think so
not interested
pass
i'll pass
no need
no that's not right
absolutely not
hell no
no way
nuh uh
negative
nope, hard pass 🙅
❌
👎
no, that's not my address
no it's a different email
no i haven't
no i still haven't received it
not yet
no not yet
no that's fine
no i'm good
nah i'm ok
no thanks i'm just browsing
no don't
please don't
don't do that
nah not feeling it
not what i'm after
no those aren't right
none of those
not those
nope, wrong one
that's not what i asked
no not at all
no sorry
sorry no
unfortunately not
afraid not
nope nope nope
n
nahh
no ty
no thx
nop
noo
nooo
no i want to keep it
no, leave it as is
no changes needed
no that's not my order
no that isn't me
no i didn't order that
no i don't have an account
no, i didn't get an email
no it didn't work
still no
nope still not working
nah that's not it
not that
no, different one
no, not for me
doesn't look right, no
no, that won't work
i'd rather not
rather not, thanks
no, that's too much
that's not correct
not correct
nah mate
no chance
no, not that one
nope, not interested
not this time
maybe not
probably not
i don't want that
no i don't want that
no, wrong size
no, that's the wrong colour
definitely not
nope, none
not at all
no no
nah, it's fine
no, all good
no it's ok
no, nothing else
nothing else, no
no more, thanks
""")

# ------------------------------------------------------------- chitchat scene

EXTRA2["greet"] = _lines("""
hi
hello
hey
hiya
heya
yo
sup
good morning
good afternoon
good evening
morning!
hey there
hello there
hi there 👋
howdy
hey hey
hii
hiii
helloo
greetings
hi bot
hey assistant
hello, anyone there?
hi again
hey it's me again
evening
g'day
heyo :)
👋 hello hello
hi hi
good day
yo yo
ello
heyyy
hi team
hello support
oh hi
hey, hope you're well
hi there, good morning
hi, hope you're having a good day
hi how are you
Hello, good afternoon!
Good morning, I hope you are well.
hey hey hey
hellooo 😊
""")

EXTRA2["thank"] = _lines("""
thanks
thank you
ty
tysm
thx
thank u
cheers
appreciate it
thanks a lot
many thanks
thanks so much
thanks!! you're the best
🙏
thank you that helps
that was helpful thanks
great thanks
perfect thank you
awesome thanks
ok thanks
thanks for your help
thanks for the info
much appreciated
thanks a bunch
ta
thankss
thank youuu
you're a lifesaver thank you
thank you kindly
big thanks
thanks mate
thanks love
cheers mate
thanks anyway
thanks for trying
thank you for sorting that
thanks that's exactly what i needed
really appreciate the help
ty ❤️ u rock
thanks, you've been great
Thank you very much for your help.
thank you so so much
thx a ton
cool thanks
nice one, thanks
amazing, thank you 🙌
""")

EXTRA2["bye"] = _lines("""
bye
goodbye
bye bye
see ya
cya
later then
ttyl
gotta go
that's all
that's all for now
i'm done
have a good one
have a nice day
take care
good night
night
peace out
✌️
👋
talk later
catch you later
ok bye
bye for now
see you next time
farewell
signing off
logging off now
that's everything, bye
i'm off
k bye
byeee 😊
nothing else, bye
ok i'll leave it there
have a great weekend
until next time
see you around
alright i'm heading out
buh bye
g2g
gtg
that'll be all
that's it from me
ok that's all i needed, bye
Goodbye, have a nice evening.
bye now
""")

EXTRA2["smalltalk"] = _lines("""
are you a bot
are you a real person
are you human?
r u a robot
are you ai
is this automated
am i talking to a machine
what's your name
who made you
who built this bot
are you chatgpt
what model are you
how are you
how's your day going
hbu?
you good?
how old are you
where are you based
do you sleep
do you ever get tired
do you have feelings
do you like your job
are you alive
you're useless
you're so dumb
this bot sucks
wtf is this
you don't understand anything
you're not helping at all
seriously??
ugh
omg
lol
lmao
haha
hahaha that's funny
😂
🙄
🤔
hmm
wow
tell me a joke
another joke pls
tell me something funny
that joke was terrible
you're funny
you're awesome
good bot
bad bot
i love you bot
you're cute
you're smarter than i thought
you're actually pretty helpful
you're faster than the last chat i used
i'm bored
i'm so tired today
ugh mondays
i'm having a bad day
today was rough
i'm in a great mood today!
happy friday!
i just got paid lol
i'm stressed
this is so frustrating
i'm confused
what can you do?
what can you help me with?
can you speak spanish?
do you know everything?
are you listening?
do you remember me?
you there?
are you still there
sorry for being rude earlier
my bad, i was grumpy
you're doing great
do you get a lot of weird questions
what's your favorite color
what's your favourite food
do you like cats or dogs
are you a boy or a girl
are you single lol
marry me
i'm talking to a robot lol
is anyone reading this
this is fun
this is taking forever
you're so slow
why are you so slow
you keep repeating yourself
stop repeating the same thing
just killing time
what are you up to
do you dream
how do you work
who do you work for
are you better than siri
are you smarter than alexa
can i call you bob
ok you're kinda cool
bruh
smh
idk
meh
🤖?
wow you actually answered
sigh
can you feel pain
do you have a name
how many people are you talking to right now
do you know my name
what language are you written in
you're kinda useless ngl
lol ok robot
i bet you get that a lot
are you a person or a program?
""")

EXTRA2["out_of_scope"] = _lines("""
what's the weather tomorrow
will it rain this weekend
what's 15% of 240
solve 3x + 5 = 20
what's the capital of australia
who won the world cup in 2018
book me a flight to paris
find me a hotel in rome
write me a poem about autumn
write a haiku about cats
what's the usd to eur exchange rate
how many yen is 100 dollars
how do i open a bank account
my bank account is locked, how do i unlock it
how do i improve my credit score
what's my credit score
how do i file my taxes
do i need to pay tax on my side hustle
should i buy tesla stock
is bitcoin going up
best etf to invest in
how do mortgages work
can i get a loan
what's the interest rate on savings right now
how do i transfer money on venmo
my chase card got blocked at the atm
how do i dispute a gym charge with my bank
what's the minimum wage
help me with my math homework
explain photosynthesis
translate 'good morning' into french
write a cover letter for me
fix my python code
what time is it in tokyo
how far is the moon
directions to the nearest gas station
best pizza place near me
what movies are playing tonight
who is the president of france
recipe for banana bread
how long do i boil an egg
what's the score of the lakers game
when is the next full moon
call me an uber
set an alarm for 7am
remind me to call my mom at 6
what's my horoscope
pick lottery numbers for me
tell me the news today
how do i reset my gmail password
my netflix account was hacked
how do i cancel my spotify subscription
how do i delete my instagram
how do i get a passport
what are symptoms of the flu
is this mole something to worry about
can my landlord evict me
write an essay on climate change
summarize this article for me
who wrote pride and prejudice
how many ounces in a cup
convert 30 celsius to fahrenheit
what's 12 times 17
is 97 a prime number
plan my trip to japan
book a table for 2 at 8pm
how do i fix my wifi
what's the population of canada
how old is the universe
can you do my taxes
what's a roth ira
how much should i save for retirement
is it a good time to buy a house
how do i send money abroad cheaply
what's the euro doing today
how do i get a credit card with bad credit
what's the best bank for students
paypal sent money to the wrong person, how do i get it back
my employer didn't pay me
how do i apply for unemployment
calculate my mortgage payments
explain inflation
what's the gdp of germany
will the stock market crash
how do i start a business
write a song about my dog
draw me a picture of a cat
generate an image of a sunset
who would win, batman or superman
help me write a text to my ex
should i text him back
what's a good name for a baby boy
what's the time in london
how do i get to the airport
train times to manchester
how do i register to vote
what does 'ubiquitous' mean
how do you spell necessary
what's the square root of 144
book a doctor's appointment
order me a pizza from dominos
what's the best credit card for travel points
how do i freeze my credit
how to report identity theft to my bank
currency exchange near me
how much is 50 pounds in dollars
gbp to inr rate today
capital gains tax on crypto
whats the dow at today
how do i read a bank statement
can you help me with my chemistry assignment
Could you write a short story for my daughter's bedtime?
my bank charged me an overdraft fee, is that legal?
how much tax do i get back if i work from home
""")

# ---------------------------------------------------------------- product types

EXTRA2_TYPES = _lines("""
wd-40
duct tape
cordless drill
drill bits
allen key set
socket wrench
claw hammer
stud finder
spirit level
tape measure
wood screws
drywall anchors
zip ties
extension cord
power strip
caulk gun
silicone sealant
grout pen
painter's tape
sandpaper
wood glue
super glue
utility knife
work gloves
step ladder
toolbox
jigsaw
shop vac
padlock
led bulbs
smoke detector
carbon monoxide alarm
plumber's tape
plunger
shower head
dremel
wiper blades
5w-30 motor oil
oil filter
car battery
jumper cables
tire inflator
tire pressure gauge
car phone mount
dash cam
car seat covers
car air freshener
brake pads
spark plugs
antifreeze
windshield washer fluid
microfiber cloths
roof rack
bike rack
obd2 scanner
car charger
oat milk
almond butter
peanut butter
extra virgin olive oil
basmati rice
sourdough bread
greek yogurt
ground coffee
coffee pods
protein bars
granola
maple syrup
hot sauce
whey protein
sparkling water
energy drinks
frozen berries
chicken thighs
tofu
dark chocolate
gummy bears
trail mix
tortilla chips
instant ramen
chickpeas
coconut milk
manuka honey
vanilla extract
baking soda
all-purpose flour
gluten free pasta
kombucha
dog food
grain free kibble
cat litter
cat tree
dog leash
no-pull harness
chew toys
dental chews
flea collar
aquarium filter
hamster cage
bird seed
orthopedic dog bed
puppy pads
poop bags
scratching post
pet carrier
litter box
automatic pet feeder
wet cat food
toddler car seat
infant car seat
stroller
baby monitor
size 3 diapers
baby wipes
diaper bag
crib mattress
swaddle blankets
pacifiers
baby bottles
breast pump
high chair
baby carrier
teething toys
playpen
baby gate
sleep sack
vitamin c serum
retinol cream
spf 50 sunscreen
micellar water
chapstick
dry shampoo
hair straightener
curling iron
hair dryer
beard trimmer
electric toothbrush
whitening strips
nail polish
gel nail kit
makeup brushes
mascara
foundation
sheet masks
deodorant
perfume
safety razor
scrunchies
shampoo bar
leave-in conditioner
q-tips
hdmi cable
usb-c charger
power bank
wireless earbuds
noise cancelling headphones
bluetooth speaker
smartwatch
phone case
screen protector
laptop stand
mechanical keyboard
gaming mouse
webcam
ring light
27 inch monitor
4k tv
soundbar
wifi router
mesh wifi system
external hard drive
portable ssd
micro sd card
gaming chair
game controller
vr headset
e-reader
smart plug
video doorbell
security camera
robot vacuum
air purifier
space heater
electric kettle
air fryer
instant pot
blender
stand mixer
drip coffee maker
espresso machine
rice cooker
printer paper
ink cartridges
toner
post-it notes
gel pens
stapler
ring binder
desk organizer
whiteboard
dry erase markers
label maker
paper shredder
office chair
standing desk
monitor arm
desk lamp
2025 planner
packing tape
bubble mailers
acrylic paint
watercolor set
yarn
crochet hooks
knitting needles
embroidery floss
hot glue gun
cricut vinyl
sewing machine
fabric scissors
polymer clay
epoxy resin kit
washi tape
sketchbook
colored pencils
mod podge
rotary cutter
acoustic guitar
guitar strings
guitar picks
capo
ukulele
digital piano
xlr cable
audio interface
studio headphones
guitar amp
vinyl records
record player
clip-on tuner
yoga mat
resistance bands
dumbbells
kettlebell
foam roller
running shoes
bike helmet
tennis racket
pickleball paddles
basketball
soccer cleats
swim goggles
wetsuit
snorkel set
golf balls
hiking boots
trekking poles
2 person tent
sleeping bag
sleeping pad
headlamp
insulated water bottle
hydration pack
camping stove
cooler
hammock
fishing rod
climbing shoes
boxing gloves
garden hose
potting soil
seed starter kit
raised garden bed
pruning shears
leaf blower
lawn mower
string trimmer
weed killer
lawn fertilizer
bird feeder
patio umbrella
outdoor string lights
solar path lights
watering can
wheelbarrow
charcoal grill
pellet grill
fire pit
balloons
helium tank
birthday candles
paper plates
party cups
happy birthday banner
plastic tablecloth
piñata
goodie bags
glow sticks
halloween costume
christmas lights
artificial christmas tree
wrapping paper
gift bags
bath towels
beach towel
duvet cover
fitted sheets
pillowcases
weighted blanket
throw blanket
mattress protector
memory foam pillow
blackout curtains
shower curtain
bath mat
area rug
down comforter
hoodie
skinny jeans
puffer jacket
rain jacket
sneakers
chelsea boots
compression socks
sports bra
leggings
swim trunks
bikini
pajamas
bathrobe
flannel shirt
maxi dress
baseball cap
leather belt
backpack
tote bag
crossbody bag
sunglasses
reading glasses
slippers
steel toe boots
thermal underwear
winter coat
sofa bed
bookshelf
tv stand
bed frame
queen mattress
bar stools
dining chairs
floor lamp
full length mirror
storage bins
laundry basket
shoe rack
cordless vacuum
steam mop
dish soap
laundry detergent
laundry pods
fabric softener
toilet paper
trash bags
all purpose cleaner
magic eraser
scented candles
reed diffuser
cast iron skillet
nonstick frying pan
chef's knife
knife sharpener
cutting board
food storage containers
travel mug
wine glasses
dinnerware set
ziploc bags
vitamin d3
multivitamins
fish oil capsules
ibuprofen
allergy tablets
band-aids
first aid kit
blood pressure monitor
contact lens solution
hand sanitizer
pregnancy test
lego sets
board games
1000 piece puzzle
rc car
stuffed animals
dollhouse
nerf gun
play-doh
kids scooter
balance bike
trampoline
paddling pool
""")
